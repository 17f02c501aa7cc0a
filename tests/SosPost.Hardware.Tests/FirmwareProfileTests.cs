using System.Text;
using System.Text.Json.Nodes;
using SosPost.Firmware.Core.Device;

namespace SosPost.Hardware.Tests;

/// <summary>
/// The firmware's compiled-in pin maps (SosPost.Firmware.Core/Device/BoardProfiles.cs) are exactly the
/// files in hardware/boards/, and the firmware accepts a post on every board and network they offer.
/// </summary>
public sealed class FirmwareProfileTests
{
    public static TheoryData<string> Profiles() => new(Repository.ProfileIds());

    [Fact]
    public void Every_compiled_in_profile_has_a_file_and_every_file_a_compiled_in_profile()
    {
        Assert.Equal(Repository.ProfileIds(), BoardProfiles.All().Select(p => p.Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Firmware_pin_map_matches_the_profile_file(string id)
    {
        var json = Repository.LoadProfile(id);
        var functions = (JsonObject)json["functions"]!;
        var fullScale = BoardRules.Int((JsonObject)json["chip"]!, "adcFullScaleMillivolts");
        var firmware = BoardProfiles.Find(id);

        Assert.NotNull(firmware);
        Assert.Equal(BoardRules.Strings(json, "nanoffTargets"), firmware.NanoffTargets);
        Assert.Equal(BoardRules.Strings(json, "networks"), firmware.Networks);
        AssertDigital(functions, "button", firmware.Button);
        Assert.Equal(BoardRules.Int((JsonObject)functions["button"]!, "debounceMs"), firmware.ButtonDebounceMs);
        AssertDigital(functions, "beacon", firmware.Beacon);
        AssertDigital(functions, "camera", firmware.Camera);
        AssertDigital(functions, "statusLed", firmware.StatusLed);
        AssertDigital(functions, "lampSense", firmware.LampSense);
        AssertDigital(functions, "tamper", firmware.Tamper);
        AssertAnalog(functions, "mainsAdc", fullScale, firmware.Mains);
        AssertAnalog(functions, "batteryAdc", fullScale, firmware.Battery);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Firmware_accepts_a_post_on_every_network_of_the_board(string id)
    {
        foreach (var network in BoardRules.Strings(Repository.LoadProfile(id), "networks"))
        {
            var text = "{\"v\":1,\"postId\":\"MHC-001\",\"password\":\"pw\",\"key\":\"" + new string('a', 64) + "\",\"board\":\"" + id + "\",\"network\":\"" + network
                + "\",\"wifiSsid\":\"Zone\",\"wifiPassword\":\"12345678\",\"brokerHost\":\"broker.local\"}";

            var config = DeviceConfigReader.Read(Encoding.UTF8.GetBytes(text), out var error);

            Assert.True(config != null, id + " via " + network + ": " + error);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void The_recommended_image_identifies_the_board_for_the_fault_beacon(string id)
    {
        var firstTarget = BoardRules.Strings(Repository.LoadProfile(id), "nanoffTargets")[0];

        Assert.Same(BoardProfiles.Find(id), BoardProfiles.FindByTarget(firstTarget));
    }

    private static void AssertDigital(JsonObject functions, string name, DigitalPinMap firmware)
    {
        var f = (JsonObject)functions[name]!;
        Assert.True(BoardRules.Int(f, "pin") == firmware.Pin, name + ": pin differs");
        Assert.True((BoardRules.Text(f, "activeLevel") == "high") == firmware.ActiveHigh, name + ": active level differs");
        Assert.True(Pull(BoardRules.Text(f, "pull")) == firmware.Pull, name + ": pull differs");
    }

    private static void AssertAnalog(JsonObject functions, string name, int? fullScale, AnalogPinMap firmware)
    {
        var f = (JsonObject)functions[name]!;
        Assert.True(BoardRules.Int(f, "pin") == firmware.Pin, name + ": pin differs");
        Assert.True(BoardRules.Int(f, "adcChannel") == firmware.Channel, name + ": ADC channel differs");
        Assert.True(BoardRules.Int(f, "dividerTopOhms") == firmware.DividerTopOhms, name + ": divider top differs");
        Assert.True(BoardRules.Int(f, "dividerBottomOhms") == firmware.DividerBottomOhms, name + ": divider bottom differs");
        Assert.True(fullScale == firmware.FullScaleMillivolts, name + ": ADC full scale differs");
    }

    private static PinPull? Pull(string? text) => text switch
    {
        "none" => PinPull.None,
        "board" => PinPull.Board,
        "external" => PinPull.External,
        "internal-up" => PinPull.InternalUp,
        "internal-down" => PinPull.InternalDown,
        _ => null,
    };
}
