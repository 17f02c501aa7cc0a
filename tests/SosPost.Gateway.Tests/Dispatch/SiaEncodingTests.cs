using System.Security.Cryptography;
using System.Text;
using SosPost.Gateway.Dispatch.Sia;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Dispatch;

public sealed class SiaEncodingTests
{
    private const string Key = "00112233445566778899AABBCCDDEEFF";

    [Theory]
    [InlineData("", 0x0000)]
    [InlineData("123456789", 0xBB3D)] // CRC-16/ARC check value; CCITT would give 0x29B1 or 0x31C3.
    [InlineData("\"SIA-DCS\"0002R1L232#78919[1234|NFA129][S123Main St., 55123]_11:10:00,10-12-2019", 0x8DC4)] // DC-09's own example, as iobroker.sia computes it.
    public void Crc_is_CRC16_ARC(string text, int expected) =>
        Assert.Equal(expected, SiaCrc.Compute(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void A_panic_in_SIA_DCS_is_the_documented_frame() =>
        Assert.Equal(
            "<LF>C4B8003C\"SIA-DCS\"0001R0L0#1234[#1234|Nri1/PA001]_03:15:42,11-22-2026<CR>",
            Show(Encoder(SiaProtocol.SiaDcs).Event(SiaEvent.Panic, 1, TestAlarms.PressedAt)));

    [Fact]
    public void A_panic_in_Contact_ID_is_the_documented_frame() =>
        Assert.Equal(
            "<LF>AA01003D\"ADM-CID\"0001R0L0#1234[#1234|1120 01 001]_03:15:42,11-22-2026<CR>",
            Show(Encoder(SiaProtocol.AdmCid).Event(SiaEvent.Panic, 1, TestAlarms.PressedAt)));

    [Fact]
    public void A_NULL_message_without_a_receiver_number_is_the_documented_frame() =>
        Assert.Equal(
            "<LF>CB050027\"NULL\"0009L0#1234[]_03:15:42,11-22-2026<CR>",
            Show(new SiaEncoder(SiaProtocol.SiaDcs, "1234", null, "0", null).Null(9, TestAlarms.PressedAt)));

    [Fact]
    public void The_documented_frames_are_the_encoder_output()
    {
        var docs = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "dispatch-integration.md"));
        Assert.Contains(Show(Encoder(SiaProtocol.SiaDcs).Event(SiaEvent.Panic, 1, TestAlarms.PressedAt)), docs, StringComparison.Ordinal);
        Assert.Contains(Show(Encoder(SiaProtocol.AdmCid).Event(SiaEvent.Panic, 1, TestAlarms.PressedAt)), docs, StringComparison.Ordinal);
        Assert.Contains(Show(new SiaEncoder(SiaProtocol.SiaDcs, "1234", null, "0", null).Null(9, TestAlarms.PressedAt)), docs, StringComparison.Ordinal);
        foreach (var value in Enum.GetValues<SiaEvent>())
        {
            var code = SiaCodes.Of(value);
            Assert.Contains($"| {value} | `{code.Sia}` | `{code.CidQualifier}` `{code.CidEvent}` |", docs, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(SiaEvent.Panic, "#1234|Nri1/PA001", "#1234|1120 01 001")]
    [InlineData(SiaEvent.TamperAlarm, "#1234|Nri1/TA001", "#1234|1137 01 001")]
    [InlineData(SiaEvent.TamperRestore, "#1234|Nri1/TR001", "#1234|3137 01 001")]
    [InlineData(SiaEvent.AcLoss, "#1234|Nri1/AT001", "#1234|1301 01 001")]
    [InlineData(SiaEvent.AcRestore, "#1234|Nri1/AR001", "#1234|3301 01 001")]
    [InlineData(SiaEvent.LowBattery, "#1234|Nri1/YT001", "#1234|1302 01 001")]
    [InlineData(SiaEvent.BatteryRestore, "#1234|Nri1/YR001", "#1234|3302 01 001")]
    [InlineData(SiaEvent.LampFault, "#1234|Nri1/IA001", "#1234|1330 01 001")]
    [InlineData(SiaEvent.LampRestore, "#1234|Nri1/IR001", "#1234|3330 01 001")]
    [InlineData(SiaEvent.Test, "#1234|Nri1/TX001", "#1234|1601 01 001")]
    public void Every_event_has_a_SIA_code_and_a_Contact_ID_code(SiaEvent value, string sia, string contactId)
    {
        Assert.Equal(sia, Encoder(SiaProtocol.SiaDcs).Data(value));
        Assert.Equal(contactId, Encoder(SiaProtocol.AdmCid).Data(value));
    }

    [Fact]
    public void Sequence_numbers_run_from_0001_to_9999_and_wrap_to_0001()
    {
        var sequence = new SiaSequence(9998);
        Assert.Equal([9999, 1, 2], [sequence.Next(), sequence.Next(), sequence.Next()]);
        Assert.Equal(1, new SiaSequence().Next());
        Assert.Contains("\"SIA-DCS\"9999R0L0", Show(Encoder(SiaProtocol.SiaDcs).Event(SiaEvent.Panic, 9999, TestAlarms.PressedAt)), StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Encoder(SiaProtocol.SiaDcs).Event(SiaEvent.Panic, 0, TestAlarms.PressedAt));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-5000)]
    [InlineData(int.MinValue)]
    [InlineData(10_000)]
    public void A_sequence_started_from_an_impossible_last_value_begins_at_0001(int last)
    {
        var sequence = new SiaSequence(last);
        Assert.Equal([1, 2], [sequence.Next(), sequence.Next()]);
    }

    [Fact]
    public void An_encrypted_frame_carries_pad_bar_data_and_timestamp_AES_CBC_with_a_zero_IV()
    {
        var encoder = new SiaEncoder(SiaProtocol.SiaDcs, "1234", "0", "0", Convert.FromHexString(Key), n => new string('P', n));
        var frame = Encoding.ASCII.GetString(encoder.Event(SiaEvent.Panic, 3, TestAlarms.PressedAt));
        var prefix = "\"*SIA-DCS\"0003R0L0#1234[";
        var start = frame.IndexOf(prefix, StringComparison.Ordinal);
        Assert.Equal(9, start);
        var hex = frame[(start + prefix.Length)..^1];

        using var aes = Aes.Create();
        aes.Key = Convert.FromHexString(Key);
        var plain = Encoding.ASCII.GetString(aes.DecryptCbc(Convert.FromHexString(hex), new byte[16], PaddingMode.None));
        const string content = "|#1234|Nri1/PA001]_03:15:42,11-22-2026";
        Assert.Equal(new string('P', 16 - (content.Length % 16)) + content, plain);
        Assert.True(SiaResponse.TryParse(Encoding.ASCII.GetBytes(frame), out _, out var error), error);
    }

    [Fact]
    public void A_NAK_is_read_with_the_receivers_timestamp_and_a_corrupted_frame_is_refused()
    {
        // iobroker.sia's NAK, with its odd "A0" field.
        var nak = SiaEncoder.Wrap("\"NAK\"0000R0L0A0[]_23:59:58,12-31-2026");
        Assert.True(SiaResponse.TryParse(nak, out var response, out var error), error);
        Assert.Equal(("NAK", 0, new DateTimeOffset(2026, 12, 31, 23, 59, 58, TimeSpan.Zero)), (response!.Id, response.Sequence, response.Timestamp));

        nak[^3] ^= 1;
        Assert.False(SiaResponse.TryParse(nak, out _, out error));
        Assert.Contains("CRC", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_name_each_problem_and_never_repeat_the_key()
    {
        var options = new SiaOptions { Host = "arc.example", Port = 0, Account = "12", Line = "", Key = "secret-key-value", AckTimeout = TimeSpan.Zero };
        var errors = options.Validate().ToList();
        Assert.Equal(5, errors.Count);
        Assert.DoesNotContain(errors, e => e.Contains("secret-key-value", StringComparison.Ordinal));
        Assert.Empty(new SiaOptions().Validate());
        Assert.Empty(new SiaOptions { Host = "arc.example", Port = 12000, Account = "1234", Key = Key }.Validate());
    }

    private static SiaEncoder Encoder(SiaProtocol protocol) => new(protocol, "1234", "0", "0", null);

    private static string Show(byte[] frame) => Encoding.ASCII.GetString(frame).Replace("\n", "<LF>", StringComparison.Ordinal).Replace("\r", "<CR>", StringComparison.Ordinal);
}
