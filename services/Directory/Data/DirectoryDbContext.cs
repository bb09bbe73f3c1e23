using Fabriques.Directory.Domain;
using Fabriques.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Directory.Data;

public sealed class DirectoryDbContext(DbContextOptions<DirectoryDbContext> options) : DbContext(options)
{
    /// <summary>Shadow column: name, commune and description, lower-cased and without accents, for <c>q</c>.</summary>
    public const string SearchText = nameof(SearchText);

    public DbSet<Place> Places => Set<Place>();

    /// <summary>
    /// Loads a place and holds its row until the transaction ends: a concurrent writer waits, then sees this one's
    /// change (an edit with the old <c>ETag</c> then answers 412). Call inside a transaction (<c>Fabriques.UseCases.Transactions</c>).
    /// </summary>
    public async Task<Place?> LockPlaceAsync(Guid id, CancellationToken ct)
    {
        await Database.ExecuteSqlAsync($"SELECT 1 FROM places WHERE id = {id} FOR UPDATE", ct);
        return await Places.SingleOrDefaultAsync(p => p.Id == id, ct);
    }

    /// <summary>
    /// The SQL function <c>search_normalize</c> (lower case, no accents), applied to the search text and to what
    /// is searched, so both sides are normalised by the same dictionary. Only callable inside a query.
    /// </summary>
    [DbFunction("search_normalize", IsBuiltIn = false)]
    public static string SearchNormalize(string text) => throw new InvalidOperationException("Only for LINQ to SQL.");

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.HasPostgresExtension("unaccent").HasPostgresExtension("pg_trgm").HasPostgresExtension("btree_gin");
        modelBuilder.Entity<Place>(place =>
        {
            place.Property(p => p.ExternalId).HasMaxLength(LieuxMediationNumerique.MaxIdLength);
            place.HasIndex(p => p.ExternalId).IsUnique();
            place.Property(p => p.Name).HasMaxLength(PlaceRules.MaxNameLength);
            place.Property(p => p.Description).HasMaxLength(PlaceRules.MaxDescriptionLength);
            place.Property(p => p.Pivot).HasMaxLength(14);
            place.Property(p => p.DepartmentCode).HasMaxLength(3);
            place.Property(p => p.RegionCode).HasMaxLength(3);
            place.Property(p => p.OwnerId).HasMaxLength(200);
            place.Property(p => p.Version).IsRowVersion();
            place.ComplexProperty(p => p.Address, address =>
            {
                address.Property(a => a.Street).HasMaxLength(PlaceRules.MaxAddressLineLength);
                address.Property(a => a.Complement).HasMaxLength(PlaceRules.MaxAddressLineLength);
                address.Property(a => a.PostalCode).HasMaxLength(5);
                address.Property(a => a.InseeCode).HasMaxLength(5);
                address.Property(a => a.Commune).HasMaxLength(PlaceRules.MaxNameLength);
            });
            place.ComplexProperty(p => p.Location);
            place.ComplexProperty(p => p.Territory, territory =>
            {
                territory.Property(t => t.Kind).HasMaxLength(20);
                territory.Property(t => t.QpvCode).HasMaxLength(10);
            });
            place.ComplexProperty(p => p.Contact, contact =>
            {
                contact.Property(c => c.Email).HasMaxLength(PlaceRules.MaxEmailLength);
                contact.Property(c => c.Phone).HasMaxLength(20);
                contact.Property(c => c.Website).HasMaxLength(PlaceRules.MaxWebsiteLength);
            });
            place.OwnsMany(p => p.Labels, label =>
            {
                label.ToTable("place_labels");
                label.WithOwner().HasForeignKey("PlaceId");
                label.Property<long>("Id").UseIdentityAlwaysColumn();
                label.HasKey("Id");
                label.Property(l => l.Label).HasMaxLength(40);
                // One label of a kind per grant, and one grant-less (imported) label of a kind per place.
                label.HasIndex("PlaceId", nameof(PlaceLabel.GrantId), nameof(PlaceLabel.Label)).IsUnique().AreNullsDistinct(false);
                label.HasIndex(l => l.Label);
            });
            place.Navigation(p => p.Labels).HasField("_labels");

            place.Property<string>(SearchText)
                .HasComputedColumnSql("search_normalize(name || ' ' || address_commune || ' ' || coalesce(description, ''))", stored: true);
            place.HasIndex(p => p.DepartmentCode);
            place.HasIndex(p => p.RegionCode);
            place.HasIndex(p => p.Kinds).HasMethod("gin");
            place.HasIndex(p => new { p.Name, p.Id });
        });
    }
}
