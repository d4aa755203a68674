// Browsers are heavy and the chain tests snapshot and revert one shared dev chain: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
