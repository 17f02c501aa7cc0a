using SosPost.Gateway;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Audit;
using SosPost.Gateway.Console;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Escalation;
using SosPost.Gateway.Events;
using SosPost.Gateway.Health;
using SosPost.Gateway.Http;
using SosPost.Gateway.Intake;
using SosPost.Gateway.Maintenance;
using SosPost.Gateway.Metrics;
using SosPost.Gateway.Registry;
using SosPost.Gateway.Reports;
using SosPost.Gateway.SelfTests;
using SosPost.Gateway.Snapshots;
using SosPost.Gateway.Storage;
using SosPost.Gateway.Supervision;

if (args is [HashPasswordCommand.Name])
{
    return HashPasswordCommand.Run(System.Console.In, System.Console.Out, System.Console.Error);
}

// Settings are read once at start, so appsettings.json is not watched for changes: that watcher covers the whole
// working directory, the database's by default (data/sospost.db), and woke the gateway on every write to it.
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);

builder.Services
    .AddGatewayOptions(builder.Configuration)
    .AddTransportSecurity()
    .AddRateLimits()
    .AddRegistry()
    .AddAlarmStore()
    .AddEvents()
    .AddSelfTests()
    .AddIntake()
    .AddSupervision()
    .AddMaintenance()
    .AddDispatch()
    .AddSnapshots()
    .AddEscalation()
    .AddReports()
    .AddGatewayMetrics()
    .AddAudit()
    .AddConsole();

var app = builder.Build();

app.UseTransportSecurity();
app.UseAuthentication(); // who is asking: the rate limits count per user
app.UseRateLimits();
app.UseConsole();
app.MapHealth();
app.MapPostsApi();
app.MapEventsApi();
app.MapSelfTestsApi();
app.MapAlarmsApi();
app.MapDispatchApi();
app.MapSnapshots();
app.MapMaintenanceApi();
app.MapComplianceApi();
app.MapMetrics();
app.MapAuditApi();
app.MapConsole();

await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
