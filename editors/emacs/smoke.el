;;; smoke.el --- Check tactful.el in a real Emacs against a real tactful-lsp  -*- lexical-binding: t; -*-

;;   emacs --batch -l editors/emacs/smoke.el
;;
;; Needs Eglot (Emacs 29+, or the eglot package) and markdown-mode.  TACTFUL_LSP names the
;; server binary (default: tactful-lsp on PATH).  Prints one line per check and a closing
;; "N passed, N failed"; exits non-zero on any failure.

;;; Code:

(require 'package)
(package-initialize)
(require 'markdown-mode)
(require 'flymake)

(defconst smoke-here (file-name-directory (or load-file-name buffer-file-name)))
(defconst smoke-example
  (expand-file-name "../../examples/broke-my-website/" smoke-here))

(load (expand-file-name "tactful.el" smoke-here) nil t)

(setq tactful-server-command (list (or (getenv "TACTFUL_LSP") "tactful-lsp"))
      tactful-rules '(("lecture-length" . "off"))
      eglot-sync-connect t
      ;; Only tactful's own checks: no byte-compiler or other Flymake backends.
      flymake-diagnostic-functions nil)

(defvar smoke-passed 0)
(defvar smoke-failed 0)

(defun smoke-check (what ok &optional detail)
  (if ok
      (progn (setq smoke-passed (1+ smoke-passed)) (princ (format "ok   %s\n" what)))
    (setq smoke-failed (1+ smoke-failed))
    (princ (format "FAIL %s%s\n" what (if detail (format ": %s" detail) "")))))

(defun smoke-codes ()
  "The rule ids (LSP `code') of this buffer's diagnostics, sorted and unique."
  (let (codes)
    (dolist (d (flymake-diagnostics))
      (let* ((lsp (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d)))
             (code (plist-get lsp :code)))
        (when code
          (push (format "%s" code) codes))))
    (sort (delete-dups codes) #'string<)))

(defun smoke-wait (predicate)
  "Run the event loop until PREDICATE holds, for at most 20 seconds."
  (let ((deadline (+ (float-time) 20)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      (flymake-start))
    (funcall predicate)))

(let* ((root (make-temp-file "tactful-emacs-" t))
       (drafts (expand-file-name "drafts/" root)))
  (make-directory drafts)
  (copy-file (concat smoke-example "reply.md") (concat drafts "reply.md"))
  (copy-file (concat smoke-example "ticket.md") (concat drafts "reply.ticket.md"))
  (copy-file (concat smoke-example "reply.md") (concat drafts "notes.txt"))
  (with-temp-file (expand-file-name "tactful.toml" root) (insert "audience = \"general\"\n"))
  ;; A project root for Eglot.
  (make-directory (expand-file-name ".git" root))

  (with-current-buffer (find-file-noselect (concat drafts "reply.md"))
    (smoke-check "reply.md opens in markdown-mode" (derived-mode-p 'markdown-mode) major-mode)
    (tactful-eglot-ensure)
    (apply #'eglot (eglot--guess-contact))
    (smoke-check "the server is tactful's" (cl-typep (eglot-current-server) 'tactful-eglot-server))
    (smoke-wait (lambda () (member "missing-acknowledgement" (smoke-codes))))
    (let ((codes (smoke-codes)))
      (smoke-check "reply.md gets missing-acknowledgement from its ticket"
                   (member "missing-acknowledgement" codes) codes)
      (smoke-check "reply.md gets jargon" (member "jargon" codes) codes)
      (smoke-check "lecture-length is off, as passed in initializationOptions"
                   (not (member "lecture-length" codes)) codes))
    (setq tactful-rules '(("jargon" . "off")))
    (tactful-eglot-reconfigure)
    (smoke-wait (lambda () (let ((c (smoke-codes)))
                             (and (not (member "jargon" c)) (member "lecture-length" c)))))
    (let ((codes (smoke-codes)))
      (smoke-check "tactful-eglot-reconfigure reaches the server: jargon off, lecture-length back"
                   (and (not (member "jargon" codes)) (member "lecture-length" codes)) codes)))

  (with-current-buffer (find-file-noselect (concat drafts "notes.txt"))
    (smoke-check "notes.txt opens in text-mode" (eq major-mode 'text-mode) major-mode)
    (apply #'eglot (eglot--guess-contact))
    (smoke-check "notes.txt gets tactful" (cl-typep (eglot-current-server) 'tactful-eglot-server))
    (smoke-wait (lambda () (smoke-codes)))
    (smoke-check "notes.txt gets diagnostics" (smoke-codes)))

  (with-temp-buffer
    (setq buffer-file-name (expand-file-name "paper.tex" root))
    (latex-mode)
    (let ((contact (nth 3 (eglot--guess-contact))))
      (smoke-check "latex-mode (derived from text-mode) keeps its own server"
                   (not (eq (car-safe contact) 'tactful-eglot-server)) contact))
    (set-buffer-modified-p nil))

  (eglot-shutdown-all))

(princ (format "%d passed, %d failed\n" smoke-passed smoke-failed))
(kill-emacs (if (zerop smoke-failed) 0 1))
;;; smoke.el ends here
