using System.Text.Json.Nodes;

namespace SosPost.Hardware.Tests;

/// <summary>Every file in hardware/boards/ keeps the pin rules of its chip and board.</summary>
public sealed class BoardProfileFileTests
{
    public static TheoryData<string> Profiles() => new(Repository.ProfileIds());

    [Fact]
    public void The_reference_boards_for_wired_and_wifi_posts_have_profiles()
    {
        var ids = Repository.ProfileIds();

        Assert.Contains("olimex-esp32-poe", ids);
        Assert.Contains("esp32-devkitc-wifi", ids);
        var networks = ids.SelectMany(id => BoardRules.Strings(Repository.LoadProfile(id), "networks")).ToHashSet();
        Assert.Contains("ethernet", networks);
        Assert.Contains("wifi", networks);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Profile_keeps_every_pin_rule(string id)
    {
        var problems = BoardRules.Check(Repository.LoadProfile(id));

        Assert.True(problems.Count == 0, id + ":\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Profile_id_is_its_file_name(string id)
    {
        Assert.Equal(id, BoardRules.Text(Repository.LoadProfile(id), "id"));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Declared_chip_capabilities_are_the_esp32_facts(string id)
    {
        var chip = (JsonObject)Repository.LoadProfile(id)["chip"]!;

        Assert.Equal("esp32", BoardRules.Text(chip, "family"));
        Assert.Equal(Esp32Facts.Gpios, BoardRules.Ints(chip, "gpios"));
        Assert.Equal(Esp32Facts.InputOnly, BoardRules.Ints(chip, "inputOnly"));
        Assert.Equal(Esp32Facts.NoInternalPull, BoardRules.Ints(chip, "noInternalPull"));
        Assert.Equal(Esp32Facts.Strapping, BoardRules.Ints(chip, "strapping"));
        Assert.Equal(Esp32Facts.InterruptGlitch, BoardRules.Ints(chip, "interruptGlitch"));
        Assert.Equal(Esp32Facts.Adc1.OrderBy(p => p.Key), BoardRules.IntMap(chip, "adc1Channels").OrderBy(p => p.Key));
        Assert.Equal(Esp32Facts.Adc2.OrderBy(p => p.Key), BoardRules.IntMap(chip, "adc2Channels").OrderBy(p => p.Key));
        Assert.Equal(Esp32Facts.AdcFullScaleMillivolts, BoardRules.Int(chip, "adcFullScaleMillivolts"));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Adc2_channels_follow_espressifs_channel_order_not_the_gpio_order(string id)
    {
        var adc2 = BoardRules.IntMap((JsonObject)Repository.LoadProfile(id)["chip"]!, "adc2Channels");

        // Espressif's adc_channel.h: ADC2 channel 0 is GPIO4, 1 is GPIO0, ... 9 is GPIO26; nanoFramework adds 10.
        Assert.Equal((10, 11, 12, 13, 19), (adc2[4], adc2[0], adc2[2], adc2[15], adc2[26]));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Profile_names_its_sources(string id)
    {
        var sources = BoardRules.Strings(Repository.LoadProfile(id), "sources");

        Assert.NotEmpty(sources);
        Assert.All(sources, s => Assert.False(string.IsNullOrWhiteSpace(s)));
    }
}
