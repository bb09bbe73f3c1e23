using Fabriques.Notification.Domain;

namespace Fabriques.Notification.Tests.Domain;

public sealed class SubscriptionSecretTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_former_secret_signs_beside_the_new_one_until_the_overlap_ends_then_no_longer()
    {
        var subscription = Subscription.Create("partner", new Uri("https://si.example/hook"), ["fr.anct.fabriques.grant.awarded"], null, "former", Now);

        subscription.RotateSecret("current", TimeSpan.FromHours(24), Now);

        IReadOnlyList<string> SigningAt(DateTimeOffset at) => Subscription.SigningSecrets(
            subscription.ProtectedSecret, subscription.PreviousProtectedSecret, subscription.PreviousSecretExpiresAt, at);
        Assert.Equal(["current", "former"], SigningAt(Now.AddHours(23)));
        Assert.Equal(["current"], SigningAt(Now.AddHours(24)));
    }

    [Fact]
    public void Several_signatures_are_space_separated_one_per_secret_in_order()
    {
        var (first, second) = (WebhookSignature.NewSecret(), WebhookSignature.NewSecret());

        var header = WebhookSignature.Header([first, second], "msg_1", 1_700_000_000, "{}");

        Assert.Equal([WebhookSignature.Sign(first, "msg_1", 1_700_000_000, "{}"), WebhookSignature.Sign(second, "msg_1", 1_700_000_000, "{}")],
            header.Split(' '));
    }
}
