;;; emacs-driver.el --- drive eglot as a user would, headless  -*- lexical-binding: t -*-

;; Run as the editor of `git commit' after emacs-startup.el:
;;   GIT_EDITOR='emacs --batch -l emacs-startup.el -l emacs-driver.el'
;; git appends .git/COMMIT_EDITMSG, which this visits by path as `emacs FILE'
;; would.  For each case of the plan ($BPL_PLAN, JSON) it visits the file, lets
;; README's hooks start eglot, waits for flymake's diagnostics, asks for a
;; hover, picks a code action from `eglot-code-actions' and completes a
;; "Fixes: " line through `eglot-completion-at-point'.  What it saw goes to the
;; plan's results file.  The commit message is then completed, saved and Emacs
;; exits 0, so git records it; on any error Emacs exits 1 instead.
;;
;; Batch mode has no command loop, so where one would run the driver does:
;; `post-command-hook' after visiting a file (eglot-ensure connects there),
;; `flymake-start', and the didChange that eglot sends on an idle timer.

(require 'cl-lib)
(require 'json)

(defvar bpl-plan (with-temp-buffer
                   (insert-file-contents (getenv "BPL_PLAN"))
                   (json-parse-buffer :object-type 'plist :array-type 'list)))
(defvar bpl-deadline (+ (float-time) (/ (plist-get bpl-plan :deadlineMs) 1000.0)))
(defvar bpl-results (make-hash-table :test 'equal))
(defvar bpl-cases nil "Results of the cases run so far, newest first.")

(defun bpl-save ()
  (puthash "editor" (format "GNU Emacs %s, eglot %s" emacs-version
                            (or (ignore-errors (package-desc-version
                                                (cadr (assq 'eglot package-alist))))
                                "?"))
           bpl-results)
  (puthash "cases" (vconcat (reverse bpl-cases)) bpl-results)
  (with-temp-file (plist-get bpl-plan :results)
    (insert (json-serialize bpl-results))))

(defun bpl-wait (secs pred)
  "Let processes and timers run until PRED holds, SECS pass or the deadline."
  (let ((end (min (+ (float-time) secs) bpl-deadline))
        ok)
    (while (and (not (setq ok (funcall pred))) (< (float-time) end))
      (accept-process-output nil 0.05))
    ok))

(defun bpl-text ()
  (buffer-substring-no-properties (point-min) (point-max)))

(defun bpl-lsp-diag (d)
  (alist-get 'eglot-lsp-diag (eglot--diag-data d)))

(defun bpl-code (d)
  (let ((code (plist-get (bpl-lsp-diag d) :code)))
    (if (stringp code) code (format "%s" code))))

(defun bpl-diagnostics ()
  (vconcat
   (mapcar (lambda (d)
             (let ((h (make-hash-table :test 'equal)))
               (puthash "code" (bpl-code d) h)
               (puthash "line" (1- (line-number-at-pos (flymake-diagnostic-beg d))) h)
               (puthash "message" (flymake-diagnostic-text d) h)
               h))
           (sort (flymake-diagnostics)
                 (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))))

(defun bpl-find (code)
  (cl-find-if (lambda (d) (equal (bpl-code d) code)) (flymake-diagnostics)))

(defun bpl-count (code)
  (cl-count-if (lambda (d) (equal (bpl-code d) code)) (flymake-diagnostics)))

(defun bpl-hover (c r)
  (let ((d (bpl-find (plist-get c :hoverRule))))
    (if (not d)
        (puthash "hoverError" (format "no %s diagnostic to hover" (plist-get c :hoverRule)) r)
      (goto-char (flymake-diagnostic-beg d))
      (let* ((answer (jsonrpc-request (eglot-current-server) :textDocument/hover
                                      (eglot--TextDocumentPositionParams)))
             (contents (plist-get answer :contents)))
        (puthash "hover" (if (stringp contents) contents (plist-get contents :value)) r)
        ;; What eldoc would show: eglot's rendering of the same contents.
        (puthash "hoverShown" (substring-no-properties (eglot--hover-info contents)) r)))))

(defun bpl-code-action (c r)
  (let* ((d (bpl-find (plist-get c :actionRule)))
         (target (or (plist-get c :changes) (plist-get c :path)))
         (before (let ((b (find-buffer-visiting target)))
                   (and b (with-current-buffer b (bpl-text)))))
         (title (plist-get c :actionTitle))
         offered picked asked)
    (if (not d)
        (puthash "actionError" (format "no %s diagnostic to act on" (plist-get c :actionRule)) r)
      (goto-char (flymake-diagnostic-beg d))
      (condition-case err
          ;; M-x eglot-code-actions at the diagnostic; the menu answered with the plan's title,
          ;; and "yes" to eglot's question before it edits a file that is not open.
          (cl-letf (((symbol-function 'completing-read)
                     (lambda (_prompt collection &rest _)
                       (setq offered (mapcar #'car collection))
                       (setq picked (and (assoc title collection) title))))
                    ((symbol-function 'y-or-n-p)
                     (lambda (prompt) (setq asked prompt) t)))
            (let ((last-nonmenu-event ?x))
              (call-interactively #'eglot-code-actions)))
        (error (puthash "actionError" (format "eglot-code-actions: %s" (error-message-string err)) r)))
      (when offered (puthash "actionsOffered" (vconcat offered) r))
      (when asked (puthash "actionAsked" asked r))
      (let* ((buf (find-buffer-visiting target))
             (after (and buf (with-current-buffer buf (bpl-text)))))
        (cond ((gethash "actionError" r))
              ((not picked) (puthash "actionError" (format "no action titled \"%s\"" title) r))
              ((or (not after) (equal after before))
               (puthash "actionError" "the action changed nothing" r))
              (t
               (puthash "afterAction" after r)
               ;; The idle timer's didChange, then the new publish.
               (eglot--signal-textDocument/didChange)
               (when (plist-get c :actionClears)
                 (bpl-wait 10 (lambda () (< (bpl-count (plist-get c :actionRule))
                                            (plist-get c :actionClears)))))
               (puthash "diagnosticsAfterAction" (bpl-diagnostics) r)))))))

(defun bpl-completion (c r)
  (let ((at nil))
    (goto-char (point-min))
    (while (re-search-forward "^Fixes:[ \t]*$" nil t)
      (unless (and at (equal (plist-get c :fixesLine) "first"))
        (setq at (line-beginning-position))))
    (if (not at)
        (puthash "completionError" "no empty Fixes: line" r)
      ;; Type the space git's clean-up took away.
      (goto-char at)
      (delete-region at (line-end-position))
      (insert "Fixes: ")
      (eglot--signal-textDocument/didChange)
      (let (capf candidates)
        ;; Candidates come from git, which may still be at work on the first request.
        (bpl-wait 15 (lambda ()
                       (setq capf (eglot-completion-at-point))
                       (setq candidates (all-completions "" (nth 2 capf)))
                       candidates))
        (let* ((table (nth 2 capf))
               (sorter (completion-metadata-get (funcall table "" nil 'metadata) 'display-sort-function))
               (sorted (if sorter (funcall sorter (copy-sequence candidates)) candidates)))
          (puthash "completion" (vconcat (mapcar #'substring-no-properties sorted)) r)
          (when (and sorted (plist-get c :acceptCompletion))
            ;; As completion-at-point does on a choice: insert it, then the exit function.
            (let ((choice (car sorted))
                  (exit (plist-get (nthcdr 3 capf) :exit-function)))
              (delete-region (nth 0 capf) (nth 1 capf))
              (goto-char (nth 0 capf))
              (insert choice)
              (when exit (funcall exit choice 'finished))
              (puthash "afterCompletion"
                       (buffer-substring-no-properties (line-beginning-position) (line-end-position))
                       r))))))))

(defun bpl-run-case (c)
  (let ((r (make-hash-table :test 'equal))
        (path (plist-get c :path)))
    (push r bpl-cases)
    (puthash "name" (plist-get c :name) r)
    (unless (equal buffer-file-name path)
      (find-file path)
      (run-hooks 'post-command-hook))
    (puthash "path" buffer-file-name r)
    (puthash "mode" (symbol-name major-mode) r)
    (condition-case err
        (if (not (bpl-wait 15 (lambda () (and (bound-and-true-p eglot--managed-mode)
                                               (eglot-current-server)))))
            (puthash "error" (format "eglot does not manage this %s buffer" major-mode) r)
          (puthash "client" (jsonrpc-name (eglot-current-server)) r)
          (flymake-start)
          (bpl-wait 15 (lambda () (cl-every #'bpl-find (plist-get c :waitRules))))
          (puthash "diagnostics" (bpl-diagnostics) r)
          (bpl-hover c r)
          (bpl-code-action c r)
          (when (plist-get c :fixesLine)
            (bpl-completion c r)))
      (error (puthash "error" (error-message-string err) r)))
    (bpl-save)))

(let* ((file (pop command-line-args-left))
       (ok nil))
  (condition-case err
      (progn
        ;; What `emacs FILE' does with the file git names.
        (find-file file)
        (run-hooks 'post-command-hook)
        (puthash "opened" buffer-file-name bpl-results)
        (let ((first (current-buffer)))
          (dolist (c (plist-get bpl-plan :cases))
            (bpl-run-case c))
          ;; Back to the message git is waiting for: save it, so git records it.
          (switch-to-buffer first)
          (save-buffer))
        (setq ok t))
    (error (puthash "error" (error-message-string err) bpl-results)))
  (puthash "done" (if ok t :false) bpl-results)
  (bpl-save)
  (kill-emacs (if ok 0 1)))
