using Fabriques.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Testing.Messaging;

/// <summary>The database of a minimal service built on the messaging building block.</summary>
public sealed class TestServiceDb(DbContextOptions<TestServiceDb> options) : DbContext(options)
{
    public DbSet<Effect> Effects => Set<Effect>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        // No unique key on the event: a duplicated effect must be visible to the tests, not prevented by them.
        modelBuilder.Entity<Effect>().Property(e => e.Id).UseIdentityAlwaysColumn();
    }
}

/// <summary>The effect of one consumed event: a row per handling.</summary>
public sealed class Effect
{
    public long Id { get; set; }
    public Guid EventId { get; set; }
    public required string Name { get; set; }
    public string? TraceId { get; set; }
}
