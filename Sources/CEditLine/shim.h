// libedit through its readline-compatible API, which Swift can call directly
// (the native el_set is C-variadic and cannot be). GNU readline is also
// installed on these machines: include libedit's header only, never
// <readline/readline.h>, and link only libedit.
#include <stdio.h>
#include <editline/readline.h>
