// The control: what firmware may use. It must compile against the pack with no errors and no warnings.
using System;
using System.Collections;
using System.Diagnostics;
using System.Text;
using System.Threading;

namespace Samples
{
    public enum Light
    {
        Off,
        Blink,
        On,
    }

    public sealed class PressEventArgs : EventArgs
    {
        public PressEventArgs(int count) => Count = count;

        public int Count { get; }
    }

    public sealed class AllowedSubset : IDisposable
    {
        private readonly object _gate = new object();
        private readonly ArrayList _presses = new ArrayList { 1, 2 };
        private readonly Hashtable _settings = new Hashtable();
        private int _ticks;

        public event EventHandler Pressed;

        public static string Describe(Light light) => light switch
        {
            Light.On => "on",
            Light.Blink => "blink",
            _ => "off",
        };

        public void Press()
        {
            lock (_gate)
            {
                _presses.Add(_presses.Count + 1);
            }

            Interlocked.Increment(ref _ticks);
            Pressed?.Invoke(this, new PressEventArgs(_presses.Count));
            Debug.WriteLine($"pressed {_presses.Count} times");
        }

        public string Summary(string postId)
        {
            var text = new StringBuilder();
            foreach (int press in _presses)
            {
                text.Append(press).Append(',');
            }

            _settings["post"] = postId ?? throw new ArgumentNullException(nameof(postId));
            foreach (DictionaryEntry entry in _settings)
            {
                text.Append(entry.Key).Append('=').Append(entry.Value);
            }

            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            return string.Format("{0}: {1} bytes at {2} ({3})", postId, bytes.Length, DateTime.UtcNow.Ticks, Describe(Light.On));
        }

        public int Parse(string text)
        {
            try
            {
                return int.Parse(text);
            }
            catch (FormatException e)
            {
                throw new InvalidOperationException($"not a number: {text}", e);
            }
        }

        public void Dispose() => _presses.Clear();
    }
}
