using Harmony.Identity.Server.Connect;
using Harmony.Identity.Server.Data;
using Harmony.Identity.Server.Features.Jobs;
using Harmony.Identity.Server.Features.SignIn;
using Harmony.Identity.Server.Hosting;
using Harmony.Identity.Server.Localization;

var builder = WebApplication.CreateBuilder(args);

builder.AddHarmonyWeb();
builder.AddHarmonyLocalization();
builder.AddHarmonyData();
builder.AddHarmonyIdentity();
builder.AddHarmonyOpenIddict();
builder.AddHarmonyJobs();
builder.AddHarmonyDemoData();

var app = builder.Build();
app.UseHarmonyPipeline();
app.Run();

/// <summary>Entry point; public so that tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
