using Fabriques.Directory.Domain;
using Fabriques.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Directory.Data;

public sealed class DirectoryDbContext(DbContextOptions<DirectoryDbContext> options) : DbContext(options)
{
    public DbSet<Place> Places => Set<Place>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.Entity<Place>(place =>
        {
            place.Property(p => p.Name).HasMaxLength(200);
            place.Property(p => p.InseeCode).HasMaxLength(5);
            place.Property(p => p.DepartmentCode).HasMaxLength(3);
            place.Property(p => p.RegionCode).HasMaxLength(3);
            place.Property(p => p.OwnerId).HasMaxLength(200);
            place.HasIndex(p => p.DepartmentCode);
        });
    }
}
