return await Enerlectra.ChainDeploy.DeployCommand.RunAsync(args, Console.Out, Console.Error);
