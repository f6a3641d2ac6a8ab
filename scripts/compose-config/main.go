// compose-config prints docker-compose.yml as Docker Compose reads it, in JSON: what
// `docker compose config --format json` prints. It is built on compose-go, the library
// Docker Compose itself loads, validates (against the Compose Specification's schema),
// interpolates and normalises compose files with; building it takes a minute where
// building all of Docker Compose took eight, and it needs no daemon either.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "compose-config:", err)
		os.Exit(1)
	}
}

func run() error {
	// The options Docker Compose's `config` command uses: the working directory's
	// compose file (or COMPOSE_FILE), the environment and .env for interpolation, and
	// paths resolved against the project directory.
	options, err := cli.NewProjectOptions(nil,
		cli.WithWorkingDirectory("."),
		cli.WithOsEnv,
		cli.WithDotEnv,
		cli.WithConfigFileEnv,
		cli.WithDefaultConfigPath,
		cli.WithResolvedPaths(true),
	)
	if err != nil {
		return err
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		return err
	}
	out, err := project.MarshalJSON()
	if err != nil {
		return err
	}
	_, err = fmt.Println(string(out))
	return err
}
