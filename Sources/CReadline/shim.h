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
