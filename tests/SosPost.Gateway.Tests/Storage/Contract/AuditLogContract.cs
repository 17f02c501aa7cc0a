using SosPost.Gateway.Audit;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>What every <see cref="IAuditLog"/> does, whatever database is under it.</summary>
public abstract class AuditLogContract : StoreContract
{
    private static readonly DateTimeOffset T0 = TestAlarms.ReceivedAt;

    private IAuditLog Audit => Store.Audit;

    [Fact]
    public async Task Entries_are_listed_newest_first_and_page_backwards_by_id()
    {
        for (var i = 1; i <= 5; i++)
        {
            await Audit.RecordAsync(new AuditEntry(T0.AddSeconds(i), "anna", AuditActions.Acknowledge, "row-" + i, i == 3 ? "late" : null), None);
        }

        var newest = await Audit.ListAsync(2, null, None);
        var older = await Audit.ListAsync(2, newest[^1].Id, None);
        var oldest = await Audit.ListAsync(2, older[^1].Id, None);

        Assert.Equal(["row-5", "row-4"], newest.Select(r => r.Subject));
        Assert.Equal(["row-3", "row-2"], older.Select(r => r.Subject));
        Assert.Equal(["row-1"], oldest.Select(r => r.Subject));
        Assert.Empty(await Audit.ListAsync(2, oldest[0].Id, None));
        Assert.Equal(new AuditRecord(older[0].Id, T0.AddSeconds(3), "anna", AuditActions.Acknowledge, "row-3", "late"), older[0]);
    }

    [Fact]
    public async Task An_entry_without_subject_or_detail_reads_back_as_recorded()
    {
        var at = T0.AddMilliseconds(7);
        await Audit.RecordAsync(new AuditEntry(at, "mallory", AuditActions.LoginRefused), None);

        var record = Assert.Single(await Audit.ListAsync(10, null, None));

        Assert.Equal(new AuditRecord(record.Id, at, "mallory", AuditActions.LoginRefused, null, null), record);
    }

    [Fact]
    public async Task Overlong_typed_text_is_kept_to_its_first_2000_characters()
    {
        var typed = new string('x', 2500);
        await Audit.RecordAsync(new AuditEntry(T0, typed, AuditActions.LoginRefused, typed, typed), None);

        var record = Assert.Single(await Audit.ListAsync(10, null, None));

        Assert.Equal((2000, 2000, 2000), (record.UserName.Length, record.Subject!.Length, record.Detail!.Length));
    }
}
