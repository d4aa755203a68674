using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Enerlectra.Gateway.Hosting;

/// <summary>
/// Serves the web app (src/WebApp, built into the gateway's output folder as wwwroot by the normal build) on the HTTP
/// port: its files, gzip-compressed copies when the browser accepts them (written by the app's build), and index.html
/// for any other GET path that is not the server's own (/api, /grpc, /dashboard, /operator, /health, /sandbox), so
/// the app's routes survive a reload. Nothing is served when the app was not built (no Node.js at build time).
/// </summary>
public static class WebAppSetup
{
    /// <summary>Where the built app is; "WebApp:Root" overrides it.</summary>
    public static string? WebAppRoot(IConfiguration configuration)
    {
        var root = configuration["WebApp:Root"] ?? Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return File.Exists(Path.Combine(root, "index.html")) ? root : null;
    }

    private static readonly string[] ServerPaths = ["/api", "/grpc", "/dashboard", "/operator", "/health", "/sandbox", "/enerlectra.", "/grpc."];

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <summary>Static files (before routing, so they never reach the API's middleware).</summary>
    public static WebApplication UseWebApp(this WebApplication app)
    {
        var root = WebAppRoot(app.Configuration);
        if (root is null)
        {
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.Use((context, next) => ServePrecompressed(context, files, next));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, OnPrepareResponse = c => SetCaching(c.Context) });
        return app;
    }

    /// <summary>index.html for the app's own routes (GET only, never under the server's paths).</summary>
    public static WebApplication MapWebAppFallback(this WebApplication app)
    {
        var root = WebAppRoot(app.Configuration);
        if (root is null)
        {
            return app;
        }

        var index = Path.Combine(root, "index.html");
        app.MapMethods("/{**path:nonfile}", ["GET", "HEAD"], async context =>
        {
            var path = context.Request.Path.Value ?? "/";
            if (ServerPaths.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.SendFileAsync(index);
        }).AllowAnonymous().WithOrder(int.MaxValue).WithDisplayName("web app");
        return app;
    }

    // The build writes name.gz beside each text asset; send it to browsers that accept gzip.
    private static Task ServePrecompressed(HttpContext context, IFileProvider files, Func<Task> next)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return next();
        }

        var path = request.Path.Value is null or "/" ? "/index.html" : request.Path.Value;
        if (!request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
            || !ContentTypes.TryGetContentType(path, out var contentType)
            || !files.GetFileInfo(path + ".gz").Exists)
        {
            return next();
        }

        return SendGzipAsync(context, files.GetFileInfo(path + ".gz"), contentType, path);
    }

    private static async Task SendGzipAsync(HttpContext context, IFileInfo file, string contentType, string path)
    {
        var response = context.Response;
        response.ContentType = contentType.StartsWith("text/", StringComparison.Ordinal) || contentType.Contains("javascript")
            ? contentType + "; charset=utf-8"
            : contentType;
        response.Headers.ContentEncoding = "gzip";
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        response.ContentLength = file.Length;
        SetCaching(context, path);
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        await response.SendFileAsync(file);
    }

    // Hashed assets never change; index.html is checked every time so a new build is picked up.
    private static void SetCaching(HttpContext context, string? path = null)
    {
        path ??= context.Request.Path.Value ?? string.Empty;
        context.Response.Headers.CacheControl = path.StartsWith("/assets/", StringComparison.Ordinal)
            ? "public, max-age=31536000, immutable"
            : "no-cache";
    }
}
