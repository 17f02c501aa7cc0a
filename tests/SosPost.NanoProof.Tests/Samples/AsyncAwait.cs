// No Task and no async machinery on nanoFramework: threads and timers instead.
using System.Threading.Tasks;

namespace Samples
{
    public static class AsyncAwait
    {
        public static async Task<int> WaitThenAnswer()
        {
            await Task.Delay(10);
            return 42;
        }
    }
}
