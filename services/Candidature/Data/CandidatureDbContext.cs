using Fabriques.Candidature.Domain;
using Fabriques.Contracts.Candidature;
using Fabriques.Messaging;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Fabriques.Candidature.Data;

public sealed class CandidatureDbContext(DbContextOptions<CandidatureDbContext> options) : DbContext(options)
{
    /// <summary>The partial unique index that keeps one active candidature per place and wave, even under concurrency.</summary>
    public const string OneActiveCandidaturePerPlaceAndWave = "ux_candidatures_active_place_in_wave";

    /// <summary>The exclusion constraint that keeps waves from overlapping (created by the migration).</summary>
    public const string WavesDoNotOverlap = "ex_waves_no_overlap";

    public DbSet<Wave> Waves => Set<Wave>();
    public DbSet<Dossier> Candidatures => Set<Dossier>();
    public DbSet<KnownPlace> Places => Set<KnownPlace>();
    public DbSet<Opinion> Opinions => Set<Opinion>();
    public DbSet<CandidatureDocument> Documents => Set<CandidatureDocument>();
    public DbSet<ProgrammeRules> ProgrammeRules => Set<ProgrammeRules>();

    /// <summary>The programme's rules as last announced by the grants service, or the contract's defaults before that.</summary>
    public async Task<ProgrammeRules> ProgrammeRulesAsync(CancellationToken cancellationToken) =>
        await ProgrammeRules.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? Domain.ProgrammeRules.Default;
    public DbSet<KnownGrant> Grants => Set<KnownGrant>();

    /// <summary>The grant of the candidature's latest acceptance, if any.</summary>
    public async Task<KnownGrant?> CurrentGrantOfAsync(Guid candidatureId, CancellationToken cancellationToken) =>
        KnownGrant.CurrentOf(await Grants.AsNoTracking().Where(g => g.CandidatureId == candidatureId).ToListAsync(cancellationToken));

    /// <summary>The current grant of each of <paramref name="candidatureIds"/> that has one.</summary>
    public async Task<Dictionary<Guid, KnownGrant>> CurrentGrantsOfAsync(IReadOnlyCollection<Guid> candidatureIds, CancellationToken cancellationToken) =>
        (await Grants.AsNoTracking().Where(g => g.CandidatureId != null && candidatureIds.Contains(g.CandidatureId.Value)).ToListAsync(cancellationToken))
        .GroupBy(g => g.CandidatureId!.Value)
        .ToDictionary(g => g.Key, g => KnownGrant.CurrentOf(g)!);

    /// <summary>The candidature's place holds an active grant that is not this candidature's own.</summary>
    public Task<bool> PlaceHoldsAnotherGrantAsync(Dossier dossier, CancellationToken cancellationToken) =>
        Grants.AnyAsync(g => g.PlaceId == dossier.PlaceId && g.State == GrantStandingState.Active && g.CandidatureId != dossier.Id, cancellationToken);

    /// <summary>The write was refused because the place already has an active candidature in that wave.</summary>
    public static bool IsSecondActiveCandidatureOfPlaceInWave(DbUpdateException exception) =>
        exception.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: OneActiveCandidaturePerPlaceAndWave,
        };

    /// <summary>
    /// Takes one of the wave's laureate places; false when none is left. One conditional UPDATE: concurrent acceptances
    /// queue on the wave's row and each re-checks the count once the previous one committed, so the cap always holds.
    /// </summary>
    public async Task<bool> TryTakeLaureatePlaceAsync(Guid waveId, CancellationToken cancellationToken) =>
        await Database.ExecuteSqlAsync(
            $"UPDATE waves SET laureates = laureates + 1 WHERE id = {waveId} AND laureates < max_laureates", cancellationToken) == 1;

    /// <summary>Gives back the place of a candidature that is no longer accepted.</summary>
    public Task ReleaseLaureatePlaceAsync(Guid waveId, CancellationToken cancellationToken) =>
        Database.ExecuteSqlAsync($"UPDATE waves SET laureates = laureates - 1 WHERE id = {waveId} AND laureates > 0", cancellationToken);

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        configuration.Properties<CandidatureState>().HaveConversion<KebabCase<CandidatureState>.Converter>().HaveMaxLength(20);
        configuration.Properties<GrantStandingState>().HaveConversion<KebabCase<GrantStandingState>.Converter>().HaveMaxLength(20);
        configuration.Properties<TerritoryKind>().HaveConversion<KebabCase<TerritoryKind>.Converter>().HaveMaxLength(40);
        configuration.Properties<Verdict>().HaveConversion<KebabCase<Verdict>.Converter>().HaveMaxLength(20);
        configuration.Properties<DocumentKind>().HaveConversion<KebabCase<DocumentKind>.Converter>().HaveMaxLength(40);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();

        modelBuilder.Entity<Wave>(wave =>
        {
            wave.ToTable("waves", t =>
            {
                t.HasCheckConstraint("ck_waves_period", "deadline > opens_at");
                t.HasCheckConstraint("ck_waves_laureates", "max_laureates > 0 AND laureates BETWEEN 0 AND max_laureates");
            });
            wave.Property(w => w.Name).HasMaxLength(200);
            wave.Property(w => w.CreatedBy).HasMaxLength(200);
            wave.HasIndex(w => w.OpensAt);
            wave.PrimitiveCollection(w => w.RequiredDocuments).ElementType(kind => kind.HasConversion<KebabCase<DocumentKind>.Converter>());
        });

        modelBuilder.Entity<Dossier>(dossier =>
        {
            dossier.ToTable("candidatures");
            dossier.Property(d => d.OwnerId).HasMaxLength(200);
            dossier.Property(d => d.Version).IsRowVersion();
            dossier.Property(d => d.Score).HasPrecision(5, 2);
            dossier.ComplexProperty(d => d.Applicant, applicant =>
            {
                applicant.Property(a => a.OrganisationName).HasMaxLength(200);
                applicant.Property(a => a.Pivot).HasMaxLength(20);
                applicant.Property(a => a.LegalStatus).HasMaxLength(100);
                applicant.Property(a => a.ContactName).HasMaxLength(200);
                applicant.Property(a => a.ContactEmail).HasMaxLength(254);
            });
            dossier.ComplexProperty(d => d.Project, project =>
            {
                project.Property(p => p.Title).HasMaxLength(200);
                project.Property(p => p.Summary).HasMaxLength(5000);
                project.Property(p => p.JobsFte).HasPrecision(8, 2);
            });
            dossier.ComplexProperty(d => d.Territory, territory => territory.Property(t => t.QpvCode).HasMaxLength(8));
            dossier.ComplexProperty(d => d.Funding, funding => funding.Property(f => f.AmountPerYear).HasPrecision(12, 2));
            dossier.OwnsMany(d => d.History, history =>
            {
                history.ToTable("candidature_history");
                history.WithOwner().HasForeignKey("CandidatureId");
                history.Property<long>("Id").UseIdentityAlwaysColumn();
                history.HasKey("Id");
                history.Property(h => h.By).HasMaxLength(200);
                history.Property(h => h.Motivation).HasMaxLength(5000);
                history.Property(h => h.AssignedTo).HasMaxLength(200);
            });
            dossier.Navigation(d => d.History).UsePropertyAccessMode(PropertyAccessMode.Field);

            var active = string.Join(", ", Lifecycle.Active.Select(s => $"'{KebabCase<CandidatureState>.Name(s)}'"));
            dossier.HasIndex(d => new { d.WaveId, d.PlaceId })
                .IsUnique()
                .HasFilter($"state IN ({active})")
                .HasDatabaseName(OneActiveCandidaturePerPlaceAndWave);
            dossier.HasIndex(d => d.OwnerId);
            dossier.HasIndex(d => d.PlaceId);
            dossier.HasIndex(d => new { d.State, d.WaveId });
            dossier.Property(d => d.AssignedTo).HasMaxLength(200);
            dossier.HasIndex(d => d.AssignedTo);
        });

        modelBuilder.Entity<Opinion>(opinion =>
        {
            var grid = string.Join(" AND ", new OpinionScores(0, 0, 0, 0, 0, 0).Criteria.Select(c =>
                $"scores_{JsonNamingPolicy.SnakeCaseLower.ConvertName(c.Criterion)} BETWEEN 0 AND {OpinionScores.MaxPerCriterion}"));
            opinion.ToTable("candidature_opinions", t => t.HasCheckConstraint("ck_candidature_opinions_scores", grid));
            opinion.Property(o => o.Id).ValueGeneratedNever();
            opinion.Property(o => o.AuthorId).HasMaxLength(200);
            opinion.Property(o => o.Comment).HasMaxLength(5000);
            opinion.ComplexProperty(o => o.Scores);
            opinion.HasOne<Dossier>().WithMany().HasForeignKey(o => o.CandidatureId).OnDelete(DeleteBehavior.Cascade);
            opinion.HasIndex(o => new { o.CandidatureId, o.GivenAt });
        });

        modelBuilder.Entity<CandidatureDocument>(document =>
        {
            document.ToTable("candidature_documents", t => t.HasCheckConstraint("ck_candidature_documents_size", $"size BETWEEN 1 AND {DocumentFormat.MaxBytes}"));
            document.Property(d => d.Id).ValueGeneratedNever();
            document.Property(d => d.FileName).HasMaxLength(DocumentFormat.MaxFileNameLength);
            document.Property(d => d.ContentType).HasMaxLength(100);
            document.Property(d => d.Sha256).HasMaxLength(64).IsFixedLength();
            document.Property(d => d.UploadedBy).HasMaxLength(200);
            // Removed with their candidature, whatever removes it (retention included).
            document.HasOne<Dossier>().WithMany().HasForeignKey(d => d.CandidatureId).OnDelete(DeleteBehavior.Cascade);
            document.HasIndex(d => new { d.CandidatureId, d.Kind });
        });

        modelBuilder.Entity<DocumentContent>(content =>
        {
            content.ToTable("candidature_document_contents");
            content.HasKey(c => c.DocumentId);
            content.HasOne<CandidatureDocument>().WithOne().HasForeignKey<DocumentContent>(c => c.DocumentId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<KnownGrant>(grant =>
        {
            grant.ToTable("grants");
            grant.Property(g => g.Id).ValueGeneratedNever();
            grant.HasIndex(g => g.CandidatureId);
            grant.HasIndex(g => g.PlaceId);
        });

        modelBuilder.Entity<KnownPlace>(place =>
        {
            place.ToTable("places");
            place.Property(p => p.Id).ValueGeneratedNever();
            place.Property(p => p.Name).HasMaxLength(200);
            place.Property(p => p.DepartmentCode).HasMaxLength(3);
            place.Property(p => p.OwnerId).HasMaxLength(200);
            place.Property(p => p.Pivot).HasMaxLength(14);
            place.HasIndex(p => p.DepartmentCode);
            place.Property(p => p.RegionCode).HasMaxLength(3);
            place.HasIndex(p => p.RegionCode);
        });

        modelBuilder.Entity<ProgrammeRules>(rules =>
        {
            rules.ToTable("programme_rules", t => t.HasCheckConstraint("ck_programme_rules_single", $"id = {Domain.ProgrammeRules.TheProgramme}"));
            rules.Property(r => r.Id).ValueGeneratedNever();
            rules.Property(r => r.MaxPerYear).HasPrecision(18, 2);
            rules.Property(r => r.MinTotal).HasPrecision(18, 2);
            rules.Property(r => r.MaxTotal).HasPrecision(18, 2);
        });
    }
}
