using Xunit;

// The silos in these tests bind fixed cluster roles and share one PostgreSQL server; one class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
