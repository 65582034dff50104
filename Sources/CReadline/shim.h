#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

// readline's configuration is global C state; Swift 6 will not touch such globals directly,
// so each one kg uses gets an accessor here and every call stays in one Swift type.
static inline void kg_rl_set_completion_function(rl_completion_func_t *f) { rl_attempted_completion_function = f; }
static inline void kg_rl_set_completion_append_character(int c) { rl_completion_append_character = c; }
static inline void kg_rl_set_attempted_completion_over(int v) { rl_attempted_completion_over = v; }
static inline void kg_rl_set_basic_word_break_characters(const char *s) { rl_basic_word_break_characters = (char *)s; }
static inline void kg_rl_set_completer_quote_characters(const char *s) { rl_completer_quote_characters = (char *)s; }
static inline void kg_rl_set_readline_name(const char *s) { rl_readline_name = s; }
static inline void kg_rl_set_catch_signals(int v) { rl_catch_signals = v; }
static inline void kg_rl_set_catch_sigwinch(int v) { rl_catch_sigwinch = v; }
static inline const char *kg_rl_line_buffer(void) { return rl_line_buffer; }
static inline int kg_rl_point(void) { return rl_point; }
static inline void kg_rl_set_done(int v) { rl_done = v; }
static inline const char *kg_rl_library_version(void) { return rl_library_version; }
static inline void kg_rl_set_filename_completion_desired(int v) { rl_filename_completion_desired = v; }
static inline void kg_rl_set_event_hook(rl_hook_func_t *f) { rl_event_hook = f; }
static inline int kg_history_length(void) { return history_length; }
static inline void kg_rl_set_completion_word_break_hook(rl_cpvfunc_t *f) { rl_completion_word_break_hook = f; }
static inline int kg_rl_completion_quote_character(void) { return rl_completion_quote_character; }
static inline void kg_rl_set_completion_suppress_append(int v) { rl_completion_suppress_append = v; }
static inline void kg_rl_set_sort_completion_matches(int v) { rl_sort_completion_matches = v; }
static inline void kg_rl_set_instream(FILE *f) { rl_instream = f; }
static inline void kg_rl_set_outstream(FILE *f) { rl_outstream = f; }
static inline void kg_rl_set_change_environment(int v) { rl_change_environment = v; }
static inline int kg_history_base(void) { return history_base; }

// Signals for the REPL. The handler only does what is async-signal-safe: it stops the running
// SQLite statement through the function the shell registered (sqlite3_interrupt is documented
// as safe here; the sqlite3 shell does the same), counts interrupts, and writes the signal's
// number into a pipe that the prompt loop polls. Everything else happens outside the handler.
#include <signal.h>
#include <unistd.h>
#include <errno.h>
#include <string.h>

typedef void (*kg_interrupt_fn)(void *);
static int kg_signal_pipe_fd = -1;
static volatile sig_atomic_t kg_interrupts = 0;
static kg_interrupt_fn volatile kg_interrupt_target_fn = 0;
static void *volatile kg_interrupt_target_arg = 0;

static void kg_signal_handler(int signo) {
    int saved = errno;
    if (signo == SIGINT || signo == SIGTERM || signo == SIGHUP) {
        kg_interrupts += 1;
        kg_interrupt_fn fn = kg_interrupt_target_fn;
        if (fn) fn(kg_interrupt_target_arg);
    }
    if (kg_signal_pipe_fd >= 0) {
        unsigned char byte = (unsigned char)signo;
        ssize_t ignored = write(kg_signal_pipe_fd, &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

/// Sends SIGINT, SIGTERM, SIGHUP, SIGWINCH and SIGCONT to the handler above; returns 0 or -1.
static inline int kg_signals_install(int pipe_write_fd) {
    kg_signal_pipe_fd = pipe_write_fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = kg_signal_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; // no SA_RESTART: poll() returns EINTR and the loop looks at the pipe.
    int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGCONT };
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        if (sigaction(signals[i], &action, 0) != 0) return -1;
    }
    return 0;
}

/// Puts the default dispositions back (before exiting on SIGTERM, say).
static inline void kg_signals_restore(void) {
    int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGCONT };
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) signal(signals[i], SIG_DFL);
    kg_signal_pipe_fd = -1;
}

/// What Ctrl-C should stop while a statement runs; NULL when nothing is running.
static inline void kg_signals_set_interrupt_target(kg_interrupt_fn fn, void *arg) {
    kg_interrupt_target_fn = 0;
    kg_interrupt_target_arg = arg;
    kg_interrupt_target_fn = fn;
}

/// Interrupts since the last call (and resets the count), for loops outside SQLite.
static inline int kg_signals_take_interrupts(void) {
    int n = kg_interrupts;
    kg_interrupts = 0;
    return n;
}

static inline int kg_signals_pending_interrupts(void) { return kg_interrupts; }

// The standard streams readline writes to; Swift 6 will not read the C globals directly.
static inline FILE *kg_stdout(void) { return stdout; }
static inline FILE *kg_stderr(void) { return stderr; }
static inline int kg_rl_end(void) { return rl_end; }
static inline void kg_rl_set_point(int v) { rl_point = v; }
