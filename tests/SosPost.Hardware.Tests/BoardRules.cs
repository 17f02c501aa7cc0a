using System.Text.Json.Nodes;

namespace SosPost.Hardware.Tests;

/// <summary>
/// The rules every board profile (hardware/boards/*.json) must keep, as a list of problems in words.
/// The rules read the chip's and board's capabilities from the profile itself; <see cref="Esp32Facts"/>
/// is checked against those separately.
/// </summary>
internal static class BoardRules
{
    public static readonly (string Name, string Direction)[] Functions =
    [
        ("button", "input"), ("lampSense", "input"), ("tamper", "input"),
        ("beacon", "output"), ("camera", "output"), ("statusLed", "output"),
        ("mainsAdc", "adc"), ("batteryAdc", "adc"),
    ];

    // Outputs that switch field equipment: they must be off while the GPIO floats or sits low during boot,
    // or every restart would flash the beacon and send the camera a false alarm.
    private static readonly string[] FieldOutputs = ["beacon", "camera"];

    private static readonly string[] Networks = ["ethernet", "wifi"];

    public static List<string> Check(JsonObject profile)
    {
        var problems = new List<string>();
        if (Int(profile, "schema") != 1)
        {
            problems.Add("schema: must be 1");
        }

        foreach (var name in new[] { "id", "name" })
        {
            if (string.IsNullOrWhiteSpace(Text(profile, name)))
            {
                problems.Add(name + ": missing");
            }
        }

        var targets = Strings(profile, "nanoffTargets");
        var networks = Strings(profile, "networks");
        CheckTargets(targets, networks, problems);

        var chip = profile["chip"] as JsonObject;
        var board = profile["board"] as JsonObject;
        var functions = profile["functions"] as JsonObject;
        if (chip == null || board == null || functions == null)
        {
            problems.Add("chip, board and functions sections are required");
            return problems;
        }

        var context = new Context(chip, board, networks);
        foreach (var (name, _) in functions)
        {
            if (!Functions.Any(f => f.Name == name))
            {
                problems.Add(name + ": not a function the firmware knows");
            }
        }

        var owners = new Dictionary<int, string>();
        foreach (var (name, direction) in Functions)
        {
            if (functions[name] is not JsonObject function)
            {
                problems.Add(name + ": not assigned");
                continue;
            }

            if (Text(function, "direction") != direction)
            {
                problems.Add(name + ": direction must be " + direction);
            }

            var pin = Int(function, "pin");
            if (pin == null)
            {
                problems.Add(name + ": pin must be a GPIO number");
                continue;
            }

            if (owners.TryGetValue(pin.Value, out var owner))
            {
                problems.Add(name + ": GPIO" + pin + " is already used by " + owner);
            }

            owners[pin.Value] = name;
            CheckPin(name, pin.Value, context, problems);
            switch (direction)
            {
                case "input":
                    CheckInput(name, pin.Value, function, context, problems);
                    break;
                case "output":
                    CheckOutput(name, pin.Value, function, context, problems);
                    break;
                default:
                    CheckAdc(name, pin.Value, function, context, problems);
                    break;
            }
        }

        return problems;
    }

    private static void CheckTargets(List<string> targets, List<string> networks, List<string> problems)
    {
        if (targets.Count == 0)
        {
            problems.Add("nanoffTargets: at least one firmware image is required");
        }

        foreach (var target in targets.Where(t => !Esp32Facts.NanoffTargets.Contains(t)))
        {
            problems.Add("nanoffTargets: " + target + " is not an ESP32 image nanoff offers");
        }

        if (networks.Count == 0 || networks.Any(n => !Networks.Contains(n)))
        {
            problems.Add("networks: one or more of ethernet, wifi");
        }

        if (networks.Contains("ethernet"))
        {
            foreach (var target in targets.Where(t => !Esp32Facts.EthernetTargets.Contains(t)))
            {
                problems.Add("nanoffTargets: " + target + " is built without Ethernet");
            }
        }
    }

    private static void CheckPin(string name, int pin, Context c, List<string> problems)
    {
        if (!c.Gpios.Contains(pin))
        {
            problems.Add(name + ": GPIO" + pin + " does not exist on this chip");
        }

        if (!c.Exposed.Contains(pin))
        {
            problems.Add(name + ": GPIO" + pin + " is not on a connector of this board");
        }

        if (c.Reserved.TryGetValue(pin, out var use))
        {
            problems.Add(name + ": GPIO" + pin + " is reserved on this board (" + use + ")");
        }

        if (c.Strapping.Contains(pin))
        {
            problems.Add(name + ": GPIO" + pin + " is a strapping pin: wiring on it can stop the board from booting");
        }
    }

    private static void CheckInput(string name, int pin, JsonObject function, Context c, List<string> problems)
    {
        CheckLevel(name, function, problems);
        var pull = Text(function, "pull");
        if (pull is not ("board" or "external" or "internal-up" or "internal-down"))
        {
            problems.Add(name + ": an input needs a pull (board, external, internal-up or internal-down), else it floats");
        }

        if (pull is "internal-up" or "internal-down" && c.NoInternalPull.Contains(pin))
        {
            problems.Add(name + ": GPIO" + pin + " has no internal pull resistors");
        }

        if (pull == "board" && !c.BoardPulls.ContainsKey(pin))
        {
            problems.Add(name + ": pull is 'board' but the board has no resistor on GPIO" + pin);
        }

        var interrupt = Bool(function, "interrupt");
        if (interrupt == null)
        {
            problems.Add(name + ": interrupt must be true or false");
        }
        else if (interrupt.Value && c.InterruptGlitch.Contains(pin))
        {
            problems.Add(name + ": GPIO" + pin + " glitches low when the ADC powers on: no edge interrupt there");
        }

        if (name == "button")
        {
            if (interrupt != true)
            {
                problems.Add("button: must be interrupt-driven so that a press between ticks is latched");
            }

            var debounce = Int(function, "debounceMs");
            if (debounce is null or < 10 or > 500)
            {
                problems.Add("button: debounceMs must be 10 to 500");
            }
        }
    }

    private static void CheckOutput(string name, int pin, JsonObject function, Context c, List<string> problems)
    {
        CheckLevel(name, function, problems);
        if (c.InputOnly.Contains(pin))
        {
            problems.Add(name + ": GPIO" + pin + " is input-only");
        }

        var level = Text(function, "activeLevel");
        if (FieldOutputs.Contains(name) && level != "high")
        {
            problems.Add(name + ": must be active-high so that the GPIO's reset state (low, floating with a pull-down) leaves it off");
        }

        var pull = Text(function, "pull");
        if (pull is not ("none" or "board" or "external"))
        {
            problems.Add(name + ": pull must be none, board or external");
        }

        if (pull == "board")
        {
            if (!c.BoardPulls.TryGetValue(pin, out var direction))
            {
                problems.Add(name + ": pull is 'board' but the board has no resistor on GPIO" + pin);
            }
            else if ((direction == "up") != (level == "low"))
            {
                problems.Add(name + ": the board's pull-" + direction + " on GPIO" + pin + " would switch it on during boot");
            }
        }
    }

    private static void CheckAdc(string name, int pin, JsonObject function, Context c, List<string> problems)
    {
        var unit = Int(function, "adcUnit");
        var channel = Int(function, "adcChannel");
        var map = unit == 1 ? c.Adc1 : unit == 2 ? c.Adc2 : null;
        if (map == null)
        {
            problems.Add(name + ": adcUnit must be 1 or 2");
        }
        else if (!map.TryGetValue(pin, out var expected))
        {
            problems.Add(name + ": GPIO" + pin + " is not on ADC" + unit);
        }
        else if (channel != expected)
        {
            problems.Add(name + ": GPIO" + pin + " is ADC channel " + expected + ", not " + channel);
        }

        if (unit == 2 && c.Networks.Contains("wifi"))
        {
            problems.Add(name + ": ADC2 stops working while Wi-Fi runs: use an ADC1 pin");
        }

        var top = Int(function, "dividerTopOhms");
        var bottom = Int(function, "dividerBottomOhms");
        var maxSource = Int(function, "maxSourceMillivolts");
        if (top is null or < 0 || bottom is null or <= 0 || maxSource is null or <= 0)
        {
            problems.Add(name + ": dividerTopOhms, dividerBottomOhms and maxSourceMillivolts are required and positive");
        }
        else if ((long)maxSource.Value * bottom.Value / (top.Value + bottom.Value) > c.FullScaleMillivolts)
        {
            problems.Add(name + ": " + maxSource + " mV through the divider exceeds the ADC's " + c.FullScaleMillivolts + " mV range");
        }
    }

    private static void CheckLevel(string name, JsonObject function, List<string> problems)
    {
        if (Text(function, "activeLevel") is not ("high" or "low"))
        {
            problems.Add(name + ": activeLevel must be high or low");
        }
    }

    internal static int? Int(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;

    internal static bool? Bool(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    internal static string? Text(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    internal static List<string> Strings(JsonObject o, string name) =>
        o[name] is JsonArray a ? a.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : "").ToList() : [];

    internal static List<int> Ints(JsonObject o, string name) =>
        o[name] is JsonArray a ? a.Select(n => n is JsonValue v && v.TryGetValue<int>(out var i) ? i : -1).ToList() : [];

    internal static Dictionary<int, int> IntMap(JsonObject o, string name) =>
        o[name] is JsonObject m
            ? m.ToDictionary(p => int.Parse(p.Key, System.Globalization.CultureInfo.InvariantCulture), p => p.Value!.GetValue<int>())
            : [];

    private sealed class Context(JsonObject chip, JsonObject board, List<string> networks)
    {
        public List<int> Gpios { get; } = Ints(chip, "gpios");

        public List<int> InputOnly { get; } = Ints(chip, "inputOnly");

        public List<int> NoInternalPull { get; } = Ints(chip, "noInternalPull");

        public List<int> Strapping { get; } = Ints(chip, "strapping");

        public List<int> InterruptGlitch { get; } = Ints(chip, "interruptGlitch");

        public Dictionary<int, int> Adc1 { get; } = IntMap(chip, "adc1Channels");

        public Dictionary<int, int> Adc2 { get; } = IntMap(chip, "adc2Channels");

        public int FullScaleMillivolts { get; } = Int(chip, "adcFullScaleMillivolts") ?? 0;

        public List<int> Exposed { get; } = Ints(board, "exposedPins");

        public Dictionary<int, string> Reserved { get; } = board["reservedPins"] is JsonArray a
            ? a.OfType<JsonObject>().ToDictionary(r => Int(r, "pin") ?? -1, r => Text(r, "use") ?? "")
            : [];

        public Dictionary<int, string> BoardPulls { get; } = board["boardPulls"] is JsonArray a2
            ? a2.OfType<JsonObject>().ToDictionary(r => Int(r, "pin") ?? -1, r => Text(r, "direction") ?? "")
            : [];

        public List<string> Networks { get; } = networks;
    }
}
