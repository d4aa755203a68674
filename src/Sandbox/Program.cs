using Enerlectra.Sandbox;

// Standalone sandbox: dotnet run --project src/Sandbox -- --urls http://127.0.0.1:5090
// Settings come from the "Sandbox" section (appsettings, environment Sandbox__ApproveDelay, or --Sandbox:ApproveDelay).
WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
SandboxOptions options = builder.Configuration.GetSection(SandboxOptions.SectionName).Get<SandboxOptions>() ?? new SandboxOptions();

WebApplication app = builder.Build();
app.MapSandbox(options);
app.Run();
