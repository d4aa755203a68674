// One shared dev chain: the tests snapshot and revert it, so they must not run in parallel.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
