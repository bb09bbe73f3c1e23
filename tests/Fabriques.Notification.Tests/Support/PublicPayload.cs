using Fabriques.Contracts;

namespace Fabriques.Notification.Tests.Support;

/// <summary>What must never be in what leaves the platform: the porteur's name, e-mail, id, the motivation.</summary>
public static class PublicPayload
{
    public static void AssertNothingPersonal(string json, Contact contact, string ownerId)
    {
        Assert.DoesNotContain(contact.Email, json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(contact.Name, json, StringComparison.Ordinal);
        Assert.DoesNotContain(ownerId, json, StringComparison.Ordinal);
        Assert.DoesNotContain("budget prévisionnel", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"motivation\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ownerId\"", json, StringComparison.Ordinal);
    }
}
