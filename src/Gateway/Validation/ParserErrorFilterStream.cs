using Grpc.Core;

namespace Enerlectra.Gateway.Validation;

/// <summary>
/// The safety net behind <see cref="JsonBody"/> and <see cref="UrlValues"/>: sits in front of a JSON route's response
/// body and, at the first write, decides once. If the request was read into a message (see
/// <see cref="RequestReadInterceptor"/>) or the answer is not an error, everything passes through unchanged (so
/// streams keep streaming). Otherwise the framework refused the request while reading it, in its parser's own words
/// ("The input string 'abc' was not in a correct format."); those are replaced by a message of ours.
/// </summary>
public sealed class ParserErrorFilterStream(Stream inner, HttpContext context, ILogger logger) : Stream
{
    private enum Mode { Undecided, PassThrough, Replaced }

    private Mode _mode;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        switch (Decide())
        {
            case Mode.PassThrough:
                inner.Write(buffer);
                break;
            case Mode.Undecided:
                inner.Write(Replacement());
                break;
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        switch (Decide())
        {
            case Mode.PassThrough:
                await inner.WriteAsync(buffer, cancellationToken);
                break;
            case Mode.Undecided:
                await inner.WriteAsync(Replacement(), cancellationToken);
                break;
        }
    }

    /// <summary>The mode for this write; <see cref="Mode.Undecided"/> means "replace, and this is the first write".</summary>
    private Mode Decide()
    {
        if (_mode != Mode.Undecided)
        {
            return _mode;
        }

        if (RequestReadInterceptor.WasRead(context) || context.Response.StatusCode < StatusCodes.Status400BadRequest)
        {
            _mode = Mode.PassThrough;
            return _mode;
        }

        _mode = Mode.Replaced;
        return Mode.Undecided;
    }

    private byte[] Replacement()
    {
        var status = context.Response.StatusCode;
        logger.LogWarning(
            "{Method} {Path}: the request was refused while being read ({Status}) by a check the gateway's own validation does not cover; the client got a generic message",
            context.Request.Method, context.Request.Path, status);
        if (!context.Response.HasStarted)
        {
            context.Response.ContentLength = null;
        }

        return status < StatusCodes.Status500InternalServerError
            ? JsonErrorBody.Of(StatusCode.InvalidArgument, "The request could not be read: check the names and types of its fields against the API documentation.")
            : JsonErrorBody.Of(StatusCode.Internal, "The server could not process this request.");
    }
}
