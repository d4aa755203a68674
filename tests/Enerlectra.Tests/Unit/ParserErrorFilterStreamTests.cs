using System.Text;
using System.Text.Json;
using Enerlectra.Gateway.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Enerlectra.Tests.Unit;

/// <summary>
/// The safety net: an error the framework writes before any of our code has the request (its parser's words) is
/// replaced; our own answers and every successful one pass through untouched.
/// </summary>
public class ParserErrorFilterStreamTests
{
    private const string FrameworkError = """{"code":3,"message":"The input string 'abc' was not in a correct format.","details":[]}""";

    [Fact]
    public async Task A_framework_refusal_is_replaced_with_our_words()
    {
        var (context, written) = Context(StatusCodes.Status400BadRequest);

        await Write(context, FrameworkError);

        var json = JsonDocument.Parse(written.ToArray()).RootElement;
        Assert.Equal(3, json.GetProperty("code").GetInt32());
        Assert.StartsWith("The request could not be read", json.GetProperty("message").GetString());
        Assert.Equal(0, json.GetProperty("details").GetArrayLength());
        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
    }

    [Fact]
    public async Task A_framework_failure_says_nothing_of_its_cause()
    {
        var (context, written) = Context(StatusCodes.Status500InternalServerError);

        await Write(context, """{"code":2,"message":"Exception was thrown by handler. NullReferenceException: ...","details":[]}""");

        Assert.Equal("""{"code":13,"message":"The server could not process this request.","details":[]}""", Encoding.UTF8.GetString(written.ToArray()));
    }

    [Theory]
    [InlineData(StatusCodes.Status400BadRequest, true)]     // our own refusal, after the request was read
    [InlineData(StatusCodes.Status200OK, false)]
    [InlineData(StatusCodes.Status200OK, true)]
    public async Task Everything_else_passes_untouched(int status, bool read)
    {
        var (context, written) = Context(status);
        if (read)
        {
            RequestReadInterceptor.MarkRead(context);
        }

        await Write(context, FrameworkError);

        Assert.Equal(FrameworkError, Encoding.UTF8.GetString(written.ToArray()));
    }

    private static (DefaultHttpContext Context, MemoryStream Written) Context(int status)
    {
        var written = new MemoryStream();
        var context = new DefaultHttpContext();
        context.Response.StatusCode = status;
        context.Response.Body = new ParserErrorFilterStream(written, context, NullLogger.Instance);
        return (context, written);
    }

    /// <summary>In two writes, as a serializer may: the decision is made once, at the first.</summary>
    private static async Task Write(HttpContext context, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await context.Response.Body.WriteAsync(bytes.AsMemory(0, 10));
        await context.Response.Body.WriteAsync(bytes.AsMemory(10));
    }
}
