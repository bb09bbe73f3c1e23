using System.Net;
using System.Net.Http.Json;
using System.Net.Mime;
using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents.SystemTextJson;
using Fabriques.Contracts.Partners;
using Fabriques.Notification.Tests.Support;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Fabriques.Notification.Tests.Brokers;

/// <summary>
/// A partner system reading the public events on the broker, as it would: with plain RabbitMQ.Client, the account a
/// gestionnaire made for it, a queue of its own bound to the partners' exchange, and the CloudEvents SDK to read them.
/// </summary>
public sealed class PartnerBrokerTests(NotificationHost host, Infrastructure infrastructure) : IClassFixture<NotificationHost>
{
    private const string Accounts = "/api/notifications/brokers/accounts";
    private const string Rejected = "fr.anct.fabriques.candidature.rejected";
    private const string Motivation = "Le budget prévisionnel de Camille Martin est incomplet.";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_partner_receives_the_public_CloudEvents_in_its_own_queue()
    {
        var account = await CreateAccountAsync("Région Bretagne");
        await using var connection = await ConnectAsync(account);
        var queue = await DeclareBoundQueueAsync(connection, account, "fr.anct.fabriques.candidature.*");
        var contact = Events.NewContact();
        var rejected = Events.Rejected("porteur-broker", contact, Motivation);
        var submitted = Events.Submitted("porteur-broker", contact);

        await Events.PublishAsync(host.BrokerUri, rejected, submitted);
        var received = await ReceiveAsync(connection, queue, rejected.EventId, submitted.EventId);

        var message = received[rejected.EventId];
        Assert.Equal(Rejected, message.RoutingKey);
        Assert.Equal(PartnerExchange.Name, message.Exchange);
        Assert.Equal(rejected.EventId.ToString(), message.BasicProperties.MessageId);
        var cloudEvent = new JsonEventFormatter().DecodeStructuredModeMessage(
            message.Body, new ContentType(message.BasicProperties.ContentType!), extensionAttributes: null);
        Assert.Equal(CloudNative.CloudEvents.CloudEventsSpecVersion.V1_0, cloudEvent.SpecVersion);
        Assert.Equal(rejected.EventId.ToString(), cloudEvent.Id);
        Assert.Equal(Rejected, cloudEvent.Type);
        Assert.Equal(new Uri("https://fabriques.anct.gouv.fr/events/v1/candidature.rejected"), cloudEvent.DataSchema);
        var data = Assert.IsType<JsonElement>(cloudEvent.Data);
        Assert.Equal(rejected.CandidatureId, data.GetProperty("candidatureId").GetGuid());
        Assert.Equal("rejected", data.GetProperty("state").GetString());
        Assert.All(received.Values, m => PublicPayload.AssertNothingPersonal(Encoding.UTF8.GetString(m.Body.Span), contact, "porteur-broker"));
    }

    [Fact]
    public async Task An_event_delivered_twice_reaches_the_exchange_once()
    {
        var account = await CreateAccountAsync("Département du Finistère");
        await using var connection = await ConnectAsync(account);
        var queue = await DeclareBoundQueueAsync(connection, account, "#");
        var duplicated = Events.Rejected("porteur-broker-twice", Events.NewContact(), Motivation);
        var later = Events.Submitted("porteur-broker-twice", Events.NewContact());

        // The feed takes its events one at a time, in order: once the later event is out, the duplicate was handled.
        await Events.PublishAsync(host.BrokerUri, duplicated, duplicated);
        await Events.PublishAsync(host.BrokerUri, later);
        var messages = await ReceiveAllUntilAsync(connection, queue, later.EventId);

        Assert.Single(messages, m => m.BasicProperties.MessageId == duplicated.EventId.ToString());
    }

    [Fact]
    public async Task A_partner_is_refused_internal_exchanges_other_accounts_queues_and_publishing()
    {
        var partner = await CreateAccountAsync("Partenaire A");
        var other = await CreateAccountAsync("Partenaire B");
        await using var otherConnection = await ConnectAsync(other);
        var othersQueue = await DeclareBoundQueueAsync(otherConnection, other, "#");
        await using var connection = await ConnectAsync(partner);
        var ownQueue = await DeclareBoundQueueAsync(connection, partner, "#");

        var internalExchange = await RefusedAsync(connection, channel =>
            channel.QueueBindAsync(ownQueue, "Fabriques.Contracts.Candidature:CandidatureRejected", "", cancellationToken: Ct));
        var othersMessages = await RefusedAsync(connection, channel => channel.BasicGetAsync(othersQueue, autoAck: true, Ct));
        var unprefixedQueue = await RefusedAsync(connection, channel =>
            channel.QueueDeclareAsync("events", durable: true, exclusive: false, autoDelete: false, cancellationToken: Ct));
        var publishing = await RefusedAsync(connection, channel =>
            channel.BasicPublishAsync(PartnerExchange.Name, Rejected, Encoding.UTF8.GetBytes("{}"), Ct).AsTask());

        Assert.All([internalExchange, othersMessages, unprefixedQueue, publishing], code => Assert.Equal(Constants.AccessRefused, code));
    }

    [Fact]
    public async Task A_revoked_account_can_no_longer_connect_and_its_queues_are_gone()
    {
        var account = await CreateAccountAsync("Partenaire révoqué");
        var queue = "";
        await using (var connection = await ConnectAsync(account))
        {
            queue = await DeclareBoundQueueAsync(connection, account, "#");
        }
        using var gestionnaire = host.CreateClient("gestionnaire-broker", Roles.Gestionnaire);

        using var revoked = await gestionnaire.DeleteAsync($"{Accounts}/{account.Id}", Ct);
        using var again = await gestionnaire.DeleteAsync($"{Accounts}/{account.Id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        await Assert.ThrowsAsync<BrokerUnreachableException>(() => ConnectAsync(account));
        Assert.DoesNotContain(queue, (await infrastructure.QueuesAsync(host.BrokerUri)).Select(q => q.Name));
        var listed = await gestionnaire.GetItemsAsync(Accounts + "?pageSize=200");
        Assert.DoesNotContain(listed, a => a.GetProperty("id").GetGuid() == account.Id);
    }

    [Fact]
    public async Task The_password_is_shown_once_and_never_listed()
    {
        var account = await CreateAccountAsync("Partenaire discret");
        using var gestionnaire = host.CreateClient("gestionnaire-broker", Roles.Gestionnaire);

        var listed = await gestionnaire.GetStringAsync(Accounts + "?pageSize=200", Ct);

        Assert.Contains(account.Username, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(account.Password, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("password", listed, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task A_name_is_required(string? name)
    {
        using var gestionnaire = host.CreateClient("gestionnaire-broker", Roles.Gestionnaire);

        using var response = await gestionnaire.PostAsJsonAsync(Accounts, new { name }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    private sealed record Account(Guid Id, string Username, string Password, Uri Uri, string Exchange, string QueuePrefix);

    private async Task<Account> CreateAccountAsync(string name)
    {
        using var gestionnaire = host.CreateClient("gestionnaire-broker", Roles.Gestionnaire);
        using var response = await gestionnaire.PostAsJsonAsync(Accounts, new { name }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var account = (await response.Content.ReadFromJsonAsync<Account>(Ct))!;
        Assert.Equal(PartnerExchange.Name, account.Exchange);
        Assert.Empty(account.Uri.UserInfo);
        return account;
    }

    private static Task<IConnection> ConnectAsync(Account account) =>
        new ConnectionFactory { Uri = account.Uri, UserName = account.Username, Password = account.Password }.CreateConnectionAsync(Ct);

    /// <summary>The partner's queue, bound to the partners' exchange (which the service declares once it has started).</summary>
    private static async Task<string> DeclareBoundQueueAsync(IConnection connection, Account account, string bindingKey)
    {
        var queue = account.QueuePrefix + "events";
        await Eventually.SucceedsAsync(async () =>
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
            try
            {
                await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: Ct);
                await channel.QueueBindAsync(queue, account.Exchange, bindingKey, cancellationToken: Ct);
                return true;
            }
            catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == Constants.NotFound)
            {
                return false; // the exchange is not declared yet
            }
        }, Patience, "the partners' exchange was not declared");
        return queue;
    }

    private static async Task<Dictionary<Guid, BasicGetResult>> ReceiveAsync(IConnection connection, string queue, params Guid[] eventIds)
    {
        var messages = await ReceiveAllUntilAsync(connection, queue, eventIds);
        return messages.Where(m => eventIds.Contains(Guid.Parse(m.BasicProperties.MessageId!)))
            .ToDictionary(m => Guid.Parse(m.BasicProperties.MessageId!));
    }

    /// <summary>Every message of the queue until each of <paramref name="eventIds"/> has arrived.</summary>
    private static async Task<List<BasicGetResult>> ReceiveAllUntilAsync(IConnection connection, string queue, params Guid[] eventIds)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        var messages = new List<BasicGetResult>();
        await Eventually.SucceedsAsync(async () =>
        {
            while (await channel.BasicGetAsync(queue, autoAck: true, Ct) is { } message)
            {
                messages.Add(message);
            }
            var ids = messages.Select(m => m.BasicProperties.MessageId).ToHashSet();
            return eventIds.All(id => ids.Contains(id.ToString()));
        }, Patience, "the events did not reach the partner's queue");
        return messages;
    }

    /// <summary>
    /// The reply code the broker closed the channel with when <paramref name="operation"/> was attempted (with
    /// publisher confirms, so that a refused publish is seen too).
    /// </summary>
    private static async Task<int> RefusedAsync(IConnection connection, Func<IChannel, Task> operation)
    {
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), Ct);
        var refusal = await Assert.ThrowsAnyAsync<Exception>(() => operation(channel));
        return refusal switch
        {
            OperationInterruptedException interrupted => interrupted.ShutdownReason!.ReplyCode,
            _ when refusal.InnerException is OperationInterruptedException inner => inner.ShutdownReason!.ReplyCode,
            _ => throw new InvalidOperationException("The broker did not refuse with a channel close.", refusal),
        };
    }
}
