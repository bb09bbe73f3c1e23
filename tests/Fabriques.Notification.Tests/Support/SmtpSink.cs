using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Fabriques.Testing;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Fabriques.Notification.Tests.Support;

/// <summary>A real SMTP server in the test process, on 127.0.0.1, keeping every message it accepts.</summary>
public sealed class SmtpSink : MessageStore, IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, (int Left, int Code)> _refusals = new();
    private Task _running = Task.CompletedTask;

    public int Port { get; private set; }

    public IReadOnlyCollection<MimeMessage> Received => _received;

    public void Start()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new ServiceProvider();
        services.Add(this);
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    /// <summary>
    /// The next <paramref name="count"/> messages to <paramref name="address"/> are refused with <paramref name="code"/>:
    /// by default 451, the temporary error of a busy server; 550 says the mailbox does not exist.
    /// </summary>
    public void RefuseNext(string address, int count, int code = 451) => _refusals[address] = (count, code);

    public override async Task<SmtpResponse> SaveAsync(
        ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(buffer.ToArray());
        var message = await MimeMessage.LoadAsync(stream, cancellationToken);
        var to = message.To.Mailboxes.Single().Address;
        if (_refusals.TryGetValue(to, out var refusal) && refusal.Left > 0 && _refusals.TryUpdate(to, refusal with { Left = refusal.Left - 1 }, refusal))
        {
            return new SmtpResponse((SmtpReplyCode)refusal.Code, "Refused by the test");
        }
        _received.Enqueue(message);
        return SmtpResponse.Ok;
    }

    /// <summary>The messages sent to <paramref name="address"/>, once at least <paramref name="count"/> have arrived.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string address, int count = 1)
    {
        IReadOnlyList<MimeMessage> To() =>
            _received.Where(m => m.To.Mailboxes.Any(b => b.Address == address)).ToList();
        await Eventually.SucceedsAsync(() => Task.FromResult(To().Count >= count), TimeSpan.FromSeconds(30),
            $"{count} e-mail(s) to {address} did not arrive");
        return To();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
