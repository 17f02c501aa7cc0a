// Each scenario runs Mosquitto, the gateway and the simulator as processes on a 2-core machine: one at a time,
// so a scenario's timing is its own and not the sum of all of them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
