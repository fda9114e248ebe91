// The jsii runtime behind Amazon.CDK.Lib is one Node.js process per test host; synthesizing from
// several test classes at once deadlocks it, and would not be faster anyway.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
