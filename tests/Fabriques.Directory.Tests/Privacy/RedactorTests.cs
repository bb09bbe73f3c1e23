using Fabriques.ServiceDefaults.Redaction;
using Microsoft.Extensions.Configuration;

namespace Fabriques.Directory.Tests.Privacy;

/// <summary>What the redaction of logs and spans takes out, and what it must leave readable.</summary>
public sealed class RedactorTests
{
    private static readonly Redactor Redactor = new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Smtp:Password"] = "smtp-p4ssw0rd-of-the-relay",
        ["Jwt:SigningKey"] = "a-signing-key-long-enough-0123456789",
        ["Smtp:Host"] = "smtp.relay.example",
    }).Build());

    [Theory]
    [InlineData("mail to camille.martin@exemple.fr failed", "mail to [redacted] failed")]
    [InlineData("GET /places?q=camille%40exemple.fr", "GET /places?q=[redacted]")]
    [InlineData("call 04 91 00 00 00 or +33 6 12 34 56 78", "call [redacted] or [redacted]")]
    [InlineData("phone 0491000000, fax 04.91.00.00.01", "phone [redacted], fax [redacted]")]
    [InlineData("Authorization: Bearer abc.def-ghi", "Authorization: Bearer [redacted]")]
    [InlineData("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwIn0.c2lnbmF0dXJl here", "token [redacted] here")]
    [InlineData("secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "secret whsec_[redacted]")]
    [InlineData("Host=db;Password=hunter2;Database=x", "Host=db;Password=[redacted];Database=x")]
    [InlineData("amqp://fabriques:s3cret@broker:5672/", "amqp://fabriques:[redacted]@broker:5672/")]
    [InlineData("""{"contactName":"Camille Martin","contactEmail":"x"}""", """{"contactName":"[redacted]","contactEmail":"[redacted]"}""")]
    [InlineData("https://hook.example/in?token=abc123&x=1", "https://hook.example/in?token=[redacted]&x=1")]
    [InlineData("AUTHORIZATION: bearer abc.def", "AUTHORIZATION: Bearer [redacted]")]
    [InlineData("tél. 0491000000 (accueil)", "tél. [redacted] (accueil)")]
    [InlineData("écrire à camille@exemple.fr", "écrire à [redacted]")]
    [InlineData("login with smtp-p4ssw0rd-of-the-relay refused", "login with [redacted] refused")]
    public void Personal_data_and_secrets_are_replaced(string text, string expected) => Assert.Equal(expected, Redactor.Redact(text));

    [Theory]
    [InlineData("place 0193a4c2-0123-7456-8901-234567890123 registered")]
    [InlineData("traceparent 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]
    [InlineData("took 0.0123456789 s")]
    [InlineData("SIRET 73282932000074, INSEE 13055, 40000 € a year")]
    [InlineData("connected to smtp.relay.example:587")]
    [InlineData("SELECT p.id, p.contact_email, p.contact_phone FROM places AS p WHERE p.id = @__id_0 AND p0.x = @p10 LIMIT 2")]
    public void Ids_numbers_and_addresses_of_servers_stay_readable(string text) => Assert.Equal(text, Redactor.Redact(text));

    [Theory]
    [InlineData("ContactEmail", "camille@x.fr", Redactor.Redacted)]
    [InlineData("Phone", "0491", Redactor.Redacted)]
    [InlineData("EmailId", "0193a4c2-0123-7456-8901-234567890123", "0193a4c2-0123-7456-8901-234567890123")]
    [InlineData("Count", 3, 3)]
    public void Structured_values_are_judged_by_their_name_too(string name, object value, object expected) =>
        Assert.Equal(expected, Redactor.Redact(name, value));
}
