// The end-to-end class starts a whole gateway; on a 2-core box classes side by side only make timeouts.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
