using Fabriques.Grants.Domain;
using Fabriques.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Grants.Data;

public sealed class GrantsDbContext(DbContextOptions<GrantsDbContext> options) : DbContext(options)
{
    public DbSet<Programme> Programmes => Set<Programme>();
    public DbSet<Grant> Grants => Set<Grant>();
    public DbSet<Instalment> Instalments => Set<Instalment>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<CandidatureStanding> Standings => Set<CandidatureStanding>();
    public DbSet<PlaceLabelView> PlaceLabels => Set<PlaceLabelView>();
    public DbSet<KnownPlace> Places => Set<KnownPlace>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();

        modelBuilder.Entity<Programme>(programme =>
        {
            programme.Property(p => p.Id).ValueGeneratedNever();
            programme.Property(p => p.Version).IsRowVersion();
            programme.Property(p => p.UpdatedBy).HasMaxLength(200);
            programme.Ignore(p => p.Settings);
            programme.HasData(Programme.Create(ProgrammeSettings.Default));
            // The programme is one row: the lock every award takes.
            programme.ToTable(t => t.HasCheckConstraint("ck_programmes_single", $"id = {Programme.TheProgramme}"));
        });

        modelBuilder.Entity<Grant>(grant =>
        {
            grant.Property(g => g.Id).ValueGeneratedNever();
            grant.Ignore(g => g.Contact);
            grant.Ignore(g => g.Plan);
            // One grant per acceptance, whatever is redelivered or raced; and at most one held per candidature.
            grant.HasIndex(g => new { g.CandidatureId, g.Acceptance }).IsUnique();
            grant.HasIndex(g => g.CandidatureId).IsUnique().HasFilter("state <> 'Cancelled' AND origin = 'Candidature'")
                .HasDatabaseName("ix_grants_candidature_id_held");
            grant.HasIndex(g => g.PlaceId);
            grant.Property(g => g.Origin).HasConversion<string>().HasMaxLength(20);
            grant.HasIndex(g => new { g.State, g.DepartmentCode });
            // What comes from the candidature's event is stored as it came (text): a grant is never lost to a length.
            grant.HasIndex(g => g.OwnerId);
            grant.Property(g => g.Territory).HasConversion<string>().HasMaxLength(40);
            grant.Property(g => g.State).HasConversion<string>().HasMaxLength(20);
            grant.Property(g => g.CancelledBy).HasMaxLength(200);
            grant.Property(g => g.CancellationMotivation).HasMaxLength(2000);
            grant.HasMany(g => g.Instalments).WithOne().HasForeignKey(i => i.GrantId);
            // The ledger is the programme's accounts: deleting a grant must not erase its movements.
            grant.HasMany(g => g.Ledger).WithOne().HasForeignKey(e => e.GrantId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<CandidatureStanding>(standing =>
        {
            standing.ToTable("candidature_standings");
            standing.HasKey(s => s.CandidatureId);
            standing.Property(s => s.State).HasConversion<string>().HasMaxLength(20);
        });

        modelBuilder.Entity<PlaceLabelView>(label =>
        {
            label.HasKey(l => new { l.PlaceId, l.GrantId, l.Label });
            label.Property(l => l.Label).HasMaxLength(60);
        });

        modelBuilder.Entity<Instalment>(instalment =>
        {
            instalment.HasKey(i => new { i.GrantId, i.Year });
            instalment.Property(i => i.Year).ValueGeneratedNever();
            instalment.Property(i => i.State).HasConversion<string>().HasMaxLength(20);
            instalment.Property(i => i.CommittedBy).HasMaxLength(200);
            instalment.Property(i => i.PaymentReference).HasMaxLength(100);
            instalment.Property(i => i.PaidBy).HasMaxLength(200);
        });

        modelBuilder.Entity<KnownPlace>(place =>
        {
            place.ToTable("known_places");
            place.Property(p => p.Id).ValueGeneratedNever();
            place.Property(p => p.Pivot).HasMaxLength(14);
            place.Property(p => p.DepartmentCode).HasMaxLength(3);
            place.Property(p => p.OwnerId).HasMaxLength(200);
            place.HasIndex(p => p.Pivot);
        });

        modelBuilder.Entity<LedgerEntry>(entry =>
        {
            entry.Property(e => e.Id).ValueGeneratedNever();
            entry.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
            entry.ToTable(t => t.HasCheckConstraint("ck_ledger_entries_amount", "amount >= 0"));
        });
    }
}
