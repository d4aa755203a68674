return await Enerlectra.Tools.ToolCommands.RunAsync(args, Console.Out, Console.Error);
