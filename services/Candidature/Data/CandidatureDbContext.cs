using Fabriques.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Candidature.Data;

public sealed class CandidatureDbContext(DbContextOptions<CandidatureDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddMessagingTables();
}
