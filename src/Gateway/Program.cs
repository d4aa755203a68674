using Enerlectra.Gateway;
using Enerlectra.Hosting.Profiles;

// The whole system in one process by default: silo, public API, dashboard and mobile money sandbox.
// See GatewayApplication for the steps and appsettings.json for what each can be switched to.
try
{
    var app = GatewayApplication.Build(args);
    await app.RunAsync();
    return 0;
}
catch (UnsafeConfigurationException ex)
{
    // An operator's mistake, not a crash: say what to fix, without a stack trace.
    Console.Error.WriteLine(ex.Message);
    return 1;
}
