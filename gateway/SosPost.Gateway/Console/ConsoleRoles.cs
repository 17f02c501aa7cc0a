using Microsoft.AspNetCore.Authorization;

namespace SosPost.Gateway.Console;

/// <summary>
/// Who may do what, in one place. Every console user has exactly one role (<c>Gateway:Console:Users:N:Role</c>);
/// endpoints name a policy, never a role, so changing who may do something is an edit here.
/// </summary>
public static class ConsoleRoles
{
    /// <summary>Works alarms: the queue, acknowledge, resolve, dead deliveries.</summary>
    public const string Dispatcher = "dispatcher";

    /// <summary>Keeps posts working: post health, trouble events, self-tests.</summary>
    public const string Technician = "technician";

    /// <summary>Everything, including users' audit trail and changing the post registry.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Dispatcher, Technician, Admin];

    /// <summary>Policy: read the alarm queue and work alarms (dispatchers, admins).</summary>
    public const string WorkAlarms = "work-alarms";

    /// <summary>Policy: run self-tests and maintain posts (technicians, admins).</summary>
    public const string MaintainPosts = "maintain-posts";

    /// <summary>Policy: see posts, their health and the false-alarm statistics (every role).</summary>
    public const string SeePosts = "see-posts";

    /// <summary>Policy: the audit log and registry changes (admins).</summary>
    public const string Administer = "administer";

    public static AuthorizationBuilder AddConsolePolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(WorkAlarms, policy => policy.RequireAuthenticatedUser().RequireRole(Dispatcher, Admin))
        .AddPolicy(MaintainPosts, policy => policy.RequireAuthenticatedUser().RequireRole(Technician, Admin))
        .AddPolicy(SeePosts, policy => policy.RequireAuthenticatedUser().RequireRole(Dispatcher, Technician, Admin))
        .AddPolicy(Administer, policy => policy.RequireAuthenticatedUser().RequireRole(Admin));

    /// <summary>The role as configured, in its canonical spelling; null when it is not one of <see cref="All"/>.</summary>
    public static string? Parse(string? role) =>
        All.FirstOrDefault(known => string.Equals(known, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}
