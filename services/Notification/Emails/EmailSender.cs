using System.Diagnostics;
using Fabriques.Messaging.Background;
using Fabriques.Notification.Data;
using Fabriques.Notification.Domain;
using Fabriques.Notification.Telemetry;
using Fabriques.ServiceDefaults;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Fabriques.Notification.Emails;

/// <summary>
/// Sends the pending e-mails of the database through SMTP, retrying failures with backoff. Replicas share the work:
/// each takes a batch by pushing its next attempt past a lease, so two never send the same e-mail at once. While
/// nothing is due it sleeps: woken by the commit of an e-mail written in this process (<see cref="EmailSignal"/>), at
/// the next retry's time, or by its poll (<see cref="EmailOptions.PollInterval"/>), for e-mails another replica wrote.
/// </summary>
/// <remarks>
/// SMTP cannot be part of our transaction: a crash between the server's acceptance and our commit sends that
/// e-mail again after the lease. Its Message-ID stays the same, so mail clients can recognise the copy.
/// </remarks>
public sealed partial class EmailSender(
    IServiceScopeFactory scopes, EmailSignal signal, IOptions<EmailOptions> options, NotificationMetrics metrics, TimeProvider time,
    ILogger<EmailSender> logger)
    : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sent = await SendDueAsync(settings, stoppingToken);
                failures = 0;
                if (sent < settings.BatchSize)
                {
                    // Asleep until an e-mail is written here, the next retry falls due, or the poll.
                    await signal.WaitAsync(settings.PollInterval, await NextDueAsync(stoppingToken), time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                LogSenderFailed(logger, exception);
                // Back soon after a blip (a database failover), every poll interval through a longer outage.
                await Task.Delay(FailureBackoff.After(++failures, settings.PollInterval), time, stoppingToken);
            }
        }
    }

    /// <summary>
    /// When the next pending e-mail falls due (a retry, or one leased by a replica that stopped); null when none will.
    /// Only future ones: one due now that this round did not take is another replica's, being leased.
    /// </summary>
    private async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        var now = time.GetUtcNow();
        return await db.Emails.Where(e => e.Status == EmailStatus.Pending && e.NextAttemptAt > now).MinAsync(e => e.NextAttemptAt, ct);
    }

    private async Task<int> SendDueAsync(EmailOptions settings, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        var now = time.GetUtcNow();
        var due = await db.Emails
            .FromSql($"""
                UPDATE emails SET next_attempt_at = {now + Lease}
                WHERE id IN (
                    SELECT id FROM emails
                    WHERE status = 'pending' AND next_attempt_at <= {now}
                    ORDER BY next_attempt_at
                    LIMIT {settings.BatchSize}
                    FOR UPDATE SKIP LOCKED)
                RETURNING *
                """)
            .ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var schedule = settings.Retry.ToSchedule();
        var untried = new Queue<Email>(due);
        using var smtp = new SmtpClient();
        try
        {
            await smtp.ConnectAsync(settings.Host, settings.Port, settings.Security, ct);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await smtp.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
            }
            while (untried.TryPeek(out var email))
            {
                using (var activity = StartSendActivity(email))
                using (email.CorrelationId is { } correlationId
                           ? logger.BeginScope(new Dictionary<string, object> { [CorrelationId.LogField] = correlationId })
                           : null)
                {
                    try
                    {
                        await smtp.SendAsync(ToMime(email, settings), ct);
                        email.Sent(time.GetUtcNow());
                        LogSent(logger, email.Id, email.Template, email.EventId);
                    }
                    catch (SmtpCommandException refused)
                    {
                        // The server refused this message and stays connected. 5xx is its final word (unknown mailbox,
                        // content refused): trying again would change nothing.
                        var permanent = (int)refused.StatusCode >= 500;
                        LogRefused(logger, refused, email.Id, permanent);
                        email.Failed(refused.Message, permanent, schedule, time.GetUtcNow());
                        activity?.SetStatus(ActivityStatusCode.Error, $"SMTP {(int)refused.StatusCode}");
                    }
                }
                metrics.EmailAttempted(email);
                untried.Dequeue();
            }
            await smtp.DisconnectAsync(quit: true, ct);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Unreachable server or lost connection: what was not sent yet waits for its next attempt.
            LogServerUnavailable(logger, exception, settings.Host, settings.Port);
            foreach (var email in untried)
            {
                email.Failed(exception.Message, permanent: false, schedule, time.GetUtcNow());
                metrics.EmailAttempted(email);
            }
        }
        await db.SaveChangesAsync(CancellationToken.None);
        return due.Count;
    }

    /// <summary>A client span in the trace of the event the e-mail is about, read from the e-mail's row.</summary>
    private static Activity? StartSendActivity(Email email)
    {
        ActivityContext.TryParse(email.TraceParent, null, out var parent);
        var activity = NotificationTracing.Source.StartActivity("smtp send", ActivityKind.Client, parent);
        activity?.SetTag("email.id", email.Id);
        activity?.SetTag("email.template", email.Template);
        activity?.SetTag("email.attempt", email.Attempts + 1);
        activity?.SetTag("cloudevents.event_id", email.EventId);
        activity?.SetTag(CorrelationId.TagName, email.CorrelationId);
        return activity;
    }

    private static MimeMessage ToMime(Email email, EmailOptions settings)
    {
        var message = new MimeMessage
        {
            // Stable across retries, so a copy sent after a crash is recognisable as the same message.
            MessageId = $"{email.Id}@{settings.FromAddress.Split('@')[^1]}",
            Subject = email.Subject,
            Body = new BodyBuilder { HtmlBody = email.HtmlBody, TextBody = email.TextBody }.ToMessageBody(),
        };
        message.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        message.To.Add(new MailboxAddress(email.RecipientName, email.To));
        return message;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail {EmailId} ({Template}, for event {EventId}) sent")]
    private static partial void LogSent(ILogger logger, Guid emailId, string template, Guid eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The e-mail sender failed; it tries again shortly")]
    private static partial void LogSenderFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP server {Host}:{Port} is unavailable; pending e-mails wait for their next attempt")]
    private static partial void LogServerUnavailable(ILogger logger, Exception exception, string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The SMTP server refused e-mail {EmailId} (permanent: {Permanent})")]
    private static partial void LogRefused(ILogger logger, Exception exception, Guid emailId, bool permanent);
}
