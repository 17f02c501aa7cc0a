using SosPost.Firmware.Core.Device;

namespace SosPost.Firmware.Core.Tests;

/// <summary>The profiles' own logic; their pin choices are checked against hardware/boards/ by SosPost.Hardware.Tests.</summary>
public sealed class BoardProfileTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(4095, 15813)]
    [InlineData(2048, 7906)]
    [InlineData(-1, -1)]
    [InlineData(4096, -1)]
    public void Adc_counts_scale_back_through_the_divider(int count, int sourceMillivolts)
    {
        var map = new AnalogPinMap(35, 7, 120000, 22000, 2450);

        Assert.Equal(sourceMillivolts, map.ToSourceMillivolts(count, 4095));
    }

    [Fact]
    public void A_zero_bottom_resistor_or_range_gives_a_failed_reading_not_a_crash()
    {
        Assert.Equal(-1, new AnalogPinMap(35, 7, 120000, 0, 2450).ToSourceMillivolts(100, 4095));
        Assert.Equal(-1, new AnalogPinMap(35, 7, 120000, 22000, 2450).ToSourceMillivolts(100, 0));
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    public void Polarity_maps_levels_both_ways(bool activeHigh, bool level, bool active)
    {
        var map = new DigitalPinMap(4, activeHigh, PinPull.None);

        Assert.Equal(active, map.IsActiveLevel(level));
        Assert.Equal(level, map.LevelFor(active));
    }

    [Fact]
    public void Profiles_are_found_by_id_and_by_a_target_only_one_of_them_runs_on()
    {
        Assert.Same(BoardProfiles.OlimexEsp32Poe, BoardProfiles.Find("olimex-esp32-poe"));
        Assert.Same(BoardProfiles.Esp32DevKitCWifi, BoardProfiles.Find("esp32-devkitc-wifi"));
        Assert.Null(BoardProfiles.Find("OLIMEX-ESP32-POE"));
        Assert.Null(BoardProfiles.Find(null));
        Assert.Same(BoardProfiles.OlimexEsp32Poe, BoardProfiles.FindByTarget("ESP32_OLIMEX"));
        Assert.Same(BoardProfiles.Esp32DevKitCWifi, BoardProfiles.FindByTarget("ESP32_REV0"));
        Assert.Null(BoardProfiles.FindByTarget("ESP32_OLIMEX_WROVER"));
    }

    [Fact]
    public void A_wrover_image_is_not_accepted_for_the_wroom_pin_map()
    {
        // The WROVER build of the ESP32-POE links GPIO33 to the I2C clock line: our camera relay pin.
        Assert.False(BoardProfiles.OlimexEsp32Poe.RunsOn("ESP32_OLIMEX_WROVER"));
        Assert.True(BoardProfiles.OlimexEsp32Poe.RunsOn("ESP32_OLIMEX"));
    }
}
