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
        await Task.Delay(1000, TestContext.Current.CancellationToken); // leave a second copy time to arrive
        var addresses = events.Select(e => e.Contact.Email).ToHashSet();
        var sent = first.Smtp.Received.Select(m => m.To.Mailboxes.Single().Address).Where(addresses.Contains).ToList();
        Assert.Equal(events.Count, sent.Count);
        Assert.Equal(events.Count, sent.Distinct().Count());
    }
}
