#!/usr/bin/env Rscript
# ranger side of bench/forest.mjs: one forest fit + predict on a train/test pair.
# Data handling follows ../shared/reference ranger_default: only empty fields are missing;
# categoricals are factors with the sorted train levels (split as ordered, ranger's default
# respect.unordered.factors = "ignore"); missing values and unseen levels are imputed with the
# train median (numeric) or most frequent level (categorical). probability = TRUE for
# classification. Times are measured inside R and exclude reading; prints one JSON line.
# Usage: Rscript bench/forest-ranger.R train test target task categorical(comma list or -) trees threads seed
suppressPackageStartupMessages(library(ranger))
a <- commandArgs(trailingOnly = TRUE)
train_f <- a[1]; test_f <- a[2]; target <- a[3]; task <- a[4]
cats <- if (a[5] == "-") character(0) else strsplit(a[5], ",")[[1]]
trees <- as.integer(a[6]); threads <- as.integer(a[7]); seed <- as.integer(a[8])

t0 <- Sys.time()
rd <- function(f) read.csv(if (grepl("\\.gz$", f)) gzfile(f) else f, na.strings = "", stringsAsFactors = FALSE, check.names = FALSE)
tr <- rd(train_f); te <- rd(test_f)
read_s <- as.numeric(Sys.time() - t0, units = "secs")
feats <- setdiff(names(tr), target)
for (c in feats) {
  if (c %in% cats) {
    lv <- sort(unique(as.character(tr[[c]][!is.na(tr[[c]])])))
    x <- factor(as.character(tr[[c]]), levels = lv); y <- factor(as.character(te[[c]]), levels = lv)
    mode <- names(which.max(table(x)))
    x[is.na(x)] <- mode; y[is.na(y)] <- mode
    tr[[c]] <- x; te[[c]] <- y
  } else {
    x <- as.numeric(tr[[c]]); y <- as.numeric(te[[c]])
    med <- median(x, na.rm = TRUE)
    x[is.na(x)] <- med; y[is.na(y)] <- med
    tr[[c]] <- x; te[[c]] <- y
  }
}
if (task == "regression") {
  tr[[target]] <- as.numeric(tr[[target]]); yte <- as.numeric(te[[target]])
} else {
  cl <- sort(unique(as.character(tr[[target]])))
  tr[[target]] <- factor(as.character(tr[[target]]), levels = cl)
  yte <- match(as.character(te[[target]]), cl) - 1
}
t0 <- Sys.time()
fit <- ranger(dependent.variable.name = target, data = tr, num.trees = trees, num.threads = threads, seed = seed,
              probability = task != "regression")
fit_s <- as.numeric(Sys.time() - t0, units = "secs")
t0 <- Sys.time()
pr <- predict(fit, data = te[, feats, drop = FALSE], num.threads = threads)$predictions
predict_s <- as.numeric(Sys.time() - t0, units = "secs")

eps <- 1e-15
if (task == "regression") {
  m <- sprintf('"rmse": %.10g, "mae": %.10g, "r2": %.10g', sqrt(mean((yte - pr)^2)), mean(abs(yte - pr)),
               1 - sum((yte - pr)^2) / sum((yte - mean(yte))^2))
} else {
  ok <- !is.na(yte); y <- yte[ok]; p <- pr[ok, , drop = FALSE]
  k <- ncol(p)
  pt <- pmin(pmax(p[cbind(seq_along(y), y + 1)], eps), 1 - eps)
  ll <- -mean(log(pt))
  acc <- mean(max.col(p, ties.method = "first") - 1 == y)
  if (task == "binary") {
    s <- p[, 2]; r <- rank(s); npos <- as.numeric(sum(y == 1)); nneg <- as.numeric(sum(y == 0))
    auc <- (sum(r[y == 1]) - npos * (npos + 1) / 2) / (npos * nneg)
    m <- sprintf('"auc": %.10g, "logloss": %.10g, "accuracy": %.10g', auc, ll, acc)
  } else {
    m <- sprintf('"logloss": %.10g, "accuracy": %.10g', ll, acc)
  }
}
cat(sprintf('{"fit_seconds": %.6f, "predict_seconds": %.6f, "read_seconds": %.6f, "metrics": {%s}, "ranger_version": "%s"}\n',
            fit_s, predict_s, read_s, m, as.character(packageVersion("ranger"))))
