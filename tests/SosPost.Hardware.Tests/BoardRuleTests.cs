using System.Text.Json.Nodes;

namespace SosPost.Hardware.Tests;

/// <summary>The rules themselves: a profile broken in one place is caught, with that place named.</summary>
public sealed class BoardRuleTests
{
    [Theory]
    [InlineData("beacon", "pin", 35, "beacon: GPIO35 is input-only")]
    [InlineData("statusLed", "pin", 34, "statusLed: GPIO34 is already used by button")]
    [InlineData("camera", "pin", 17, "camera: GPIO17 is reserved on this board")]
    [InlineData("tamper", "pin", 15, "tamper: GPIO15 is a strapping pin")]
    [InlineData("button", "pin", 20, "button: GPIO20 does not exist")]
    [InlineData("button", "pin", 37, "button: GPIO37 is not on a connector")]
    [InlineData("button", "pin", 39, "button: GPIO39 glitches low")]
    [InlineData("lampSense", "pin", 14, "lampSense: pull is 'board' but the board has no resistor on GPIO14")]
    [InlineData("lampSense", "pull", "internal-up", "lampSense: GPIO36 has no internal pull resistors")]
    [InlineData("tamper", "pull", "none", "tamper: an input needs a pull")]
    [InlineData("button", "interrupt", false, "button: must be interrupt-driven")]
    [InlineData("button", "debounceMs", 2000, "button: debounceMs")]
    [InlineData("camera", "activeLevel", "low", "camera: must be active-high")]
    [InlineData("beacon", "activeLevel", "low", "beacon: must be active-high")]
    [InlineData("statusLed", "activeLevel", "high", "statusLed: the board's pull-up on GPIO16 would switch it on during boot")]
    [InlineData("mainsAdc", "adcChannel", 6, "mainsAdc: GPIO35 is ADC channel 7, not 6")]
    [InlineData("mainsAdc", "pin", 14, "mainsAdc: GPIO14 is not on ADC1")]
    [InlineData("batteryAdc", "dividerBottomOhms", 100000, "batteryAdc: 15000 mV through the divider exceeds")]
    [InlineData("beacon", "direction", "input", "beacon: direction must be output")]
    public void A_profile_broken_in_one_place_is_caught(string function, string field, object value, string expected)
    {
        var profile = Repository.LoadProfile("olimex-esp32-poe");
        profile["functions"]![function]![field] = JsonValue.Create(value);

        var problems = BoardRules.Check(profile);

        Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_or_unknown_function_is_caught()
    {
        var profile = Repository.LoadProfile("olimex-esp32-poe");
        var functions = (JsonObject)profile["functions"]!;
        functions.Remove("tamper");
        functions["siren"] = new JsonObject { ["pin"] = 14, ["direction"] = "output" };

        var problems = BoardRules.Check(profile);

        Assert.Contains("tamper: not assigned", problems);
        Assert.Contains("siren: not a function the firmware knows", problems);
    }

    [Fact]
    public void Adc2_is_refused_on_a_wifi_board()
    {
        var profile = Repository.LoadProfile("esp32-devkitc-wifi");
        var mains = (JsonObject)profile["functions"]!["mainsAdc"]!;
        mains["pin"] = 14;
        mains["adcUnit"] = 2;
        mains["adcChannel"] = 15;

        Assert.Contains(BoardRules.Check(profile), p => p.StartsWith("mainsAdc: ADC2 stops working while Wi-Fi runs", StringComparison.Ordinal));
    }

    [Fact]
    public void An_ethernet_board_needs_an_image_built_with_ethernet()
    {
        var profile = Repository.LoadProfile("olimex-esp32-poe");
        profile["nanoffTargets"] = new JsonArray("ESP32_REV3");

        Assert.Contains("nanoffTargets: ESP32_REV3 is built without Ethernet", BoardRules.Check(profile));
    }

    [Fact]
    public void An_unknown_firmware_image_is_caught()
    {
        var profile = Repository.LoadProfile("esp32-devkitc-wifi");
        profile["nanoffTargets"] = new JsonArray("ESP32_DEVKITC");

        Assert.Contains("nanoffTargets: ESP32_DEVKITC is not an ESP32 image nanoff offers", BoardRules.Check(profile));
    }
}
