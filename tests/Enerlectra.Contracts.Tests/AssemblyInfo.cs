// Every test class shares one chain and reverts it to a snapshot afterwards, so tests must not overlap in time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
