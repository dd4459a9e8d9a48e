// The start of every small command of this project (the sandbox, the bench): read the arguments, or say
// what is wrong with them, show the usage and exit with status 2, the convention for a usage error.
export function optionsOrExit<T>(parse: (argv: string[]) => T, usage: string, argv = process.argv.slice(2)): T {
  try {
    return parse(argv);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(usage);
    process.exit(2);
  }
}
