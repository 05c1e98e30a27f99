// Command gosemver is golang.org/x/mod/semver as the reference for the Go
// scheme's differential test (tests/e2e/version_go_diff.py).  It reads lines
// "A<TAB>B" and prints "error" when either is not valid (semver.IsValid),
// else semver.Compare(A, B).
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/semver"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		parts := strings.SplitN(in.Text(), "\t", 2)
		if len(parts) != 2 {
			fmt.Fprintln(out, "bad request")
			continue
		}
		a, b := parts[0], parts[1]
		if !semver.IsValid(a) || !semver.IsValid(b) {
			fmt.Fprintln(out, "error")
			continue
		}
		fmt.Fprintln(out, semver.Compare(a, b))
	}
}
