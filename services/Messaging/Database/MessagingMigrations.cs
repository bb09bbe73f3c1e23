using Microsoft.EntityFrameworkCore.Migrations;

namespace Fabriques.Messaging.Database;

/// <summary>Data steps of the messaging tables' migrations, the same in every service's database.</summary>
public static class MessagingMigrations
{
    /// <summary>
    /// Events written before the outbox had its <c>correlation_id</c> column carried the id in <c>trace_state</c>, as a
    /// <c>fabriques-cid=…</c> member: those still waiting to be published get it in the column, and lose the member.
    /// </summary>
    public static void MoveCorrelationIdOutOfTraceState(this MigrationBuilder migration) => migration.Sql($$"""
        UPDATE {{MessagingModel.Schema}}.{{MessagingModel.OutboxTable}}
        SET correlation_id = substring(trace_state from 'fabriques-cid=([A-Za-z0-9._:-]{1,128})'),
            trace_state = nullif(btrim(regexp_replace(trace_state, '(^|,)\s*fabriques-cid=[^,]*', '', 'g'), ', '), '')
        WHERE sent_at IS NULL AND trace_state LIKE '%fabriques-cid=%';
        """);
}
