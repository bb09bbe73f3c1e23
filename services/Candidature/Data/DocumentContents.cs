using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Fabriques.Candidature.Data;

/// <summary>
/// The bytes of a document, in a table of their own so that reading documents' metadata never reads them. EF maps the
/// table (migrations, cascade delete) but never loads it: <see cref="DocumentContents"/> streams the bytes in and out.
/// </summary>
public sealed class DocumentContent
{
    public Guid DocumentId { get; private set; }
    public byte[] Content { get; private set; } = [];
}

/// <summary>Writes and reads documents' bytes as streams, so a file is never whole in memory.</summary>
public static class DocumentContents
{
    /// <summary>
    /// Stores <paramref name="content"/> (seekable: Npgsql sends it in chunks, knowing its length) in the current
    /// transaction.
    /// </summary>
    public static async Task WriteAsync(CandidatureDbContext db, Guid documentId, Stream content, CancellationToken cancellationToken)
    {
        await using var command = Command(db, "INSERT INTO candidature_document_contents (document_id, content) VALUES ($1, $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = documentId });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = content });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Copies the bytes of <paramref name="documentId"/> to <paramref name="destination"/> as they come from the database.</summary>
    public static async Task CopyToAsync(CandidatureDbContext db, Guid documentId, Stream destination, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = Command(db, "SELECT content FROM candidature_document_contents WHERE document_id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = documentId });
            // Sequential access: the column is read from the socket as it is copied, not buffered first.
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                await using var bytes = await reader.GetStreamAsync(0, cancellationToken);
                await bytes.CopyToAsync(destination, cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static NpgsqlCommand Command(CandidatureDbContext db, string sql)
    {
        var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }
}
