namespace Fabriques.Contracts;

/// <summary>Who to write to about an application: carried in events so no consumer has to call back.</summary>
public sealed record Contact(string OrganisationName, string Name, string Email);
