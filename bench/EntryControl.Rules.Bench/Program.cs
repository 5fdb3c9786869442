using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(EntryControl.Rules.Bench.EvaluationBenchmarks).Assembly).Run(args);
