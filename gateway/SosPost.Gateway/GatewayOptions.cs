using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SosPost.Gateway.Console;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Intake;
using SosPost.Gateway.Metrics;
using SosPost.Gateway.Registry;
using SosPost.Gateway.Storage;

namespace SosPost.Gateway;

/// <summary>Options that can say what is wrong with them; checked when the gateway starts.</summary>
public interface IValidatedOptions
{
    /// <summary>One sentence per problem, naming the key; empty when the options are usable.</summary>
    IEnumerable<string> Validate();
}

public static class GatewayOptions
{
    /// <summary>The configuration section every gateway setting lives under.</summary>
    public const string Section = "Gateway";

    /// <summary>Binds every feature's options from <c>Gateway:*</c> and validates them at start.</summary>
    public static IServiceCollection AddGatewayOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidated<MqttOptions>(configuration, "Mqtt");
        services.AddValidated<StoreOptions>(configuration, "Store");
        services.AddValidated<RegistryOptions>(configuration, "Registry");
        services.AddValidated<DispatchOptions>(configuration, "Dispatch");
        services.AddValidated<WebhookOptions>(configuration, "Webhook");
        services.AddValidated<Dispatch.Sia.SiaOptions>(configuration, "Sia");
        services.AddValidated<CapOptions>(configuration, "Cap");
        services.AddValidated<Snapshots.SnapshotOptions>(configuration, "Snapshot");
        services.AddValidated<ConsoleOptions>(configuration, "Console");
        services.AddValidated<MetricsOptions>(configuration, "Metrics");
        services.AddValidated<Supervision.SupervisionOptions>(configuration, "Supervision");
        services.AddValidated<Escalation.EscalationOptions>(configuration, "Escalation");
        services.AddValidated<Reports.ComplianceOptions>(configuration, "Compliance");
        services.AddValidated<Security.SecurityOptions>(configuration, "Security");
        services.AddValidated<Http.RateLimitOptions>(configuration, "RateLimit");
        return services;
    }

    private static void AddValidated<T>(this IServiceCollection services, IConfiguration configuration, string name)
        where T : class, IValidatedOptions
    {
        var path = $"{Section}:{name}";
        services.AddOptions<T>().Bind(configuration.GetSection(path)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new Validator<T>(path));
    }

    private sealed class Validator<T>(string path) : IValidateOptions<T>
        where T : class, IValidatedOptions
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var errors = options.Validate().Select(error => $"{path}: {error}").ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
