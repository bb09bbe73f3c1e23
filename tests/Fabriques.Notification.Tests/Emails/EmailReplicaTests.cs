using Fabriques.Notification.Tests.Support;
using Fabriques.Testing;

namespace Fabriques.Notification.Tests.Emails;

public sealed class EmailReplicaTests(Infrastructure infrastructure)
{
    [Fact]
    public async Task Two_replicas_sending_from_one_database_send_each_email_once()
    {
        await using var first = new NotificationHost(infrastructure);
        await first.InitializeAsync();
        await using var second = new ReplicaHost(infrastructure, first);
        await second.InitializeAsync();
        var events = Enumerable.Range(0, 40).Select(_ => Events.Submitted("porteur-replicas", Events.NewContact())).ToList();

        await Events.PublishAsync(first.BrokerUri, [.. events]);

        foreach (var submitted in events)
        {
            await first.Smtp.WaitForAsync(submitted.Contact.Email);
        }
        // Every e-mail recorded as sent, then each replica finished whatever it had taken: a second copy would be here.
        await Eventually.SucceedsAsync(async () => await first.PendingAsync(LeasedWork.Emails) == 0, TimeSpan.FromSeconds(30),
            "some e-mails were still pending");
        await first.SettledAsync(LeasedWork.Emails);
        await second.SettledAsync(LeasedWork.Emails);
        var addresses = events.Select(e => e.Contact.Email).ToHashSet();
        var sent = first.Smtp.Received.Select(m => m.To.Mailboxes.Single().Address).Where(addresses.Contains).ToList();
        Assert.Equal(events.Count, sent.Count);
        Assert.Equal(events.Count, sent.Distinct().Count());
    }
}
