"""Survey answers (issue 15): read.py reads the sheet (xlsx, csv), mapping.py says which column
holds what and what the answers mean, match.py turns rows into answers matched to records,
plan.py into record files, run.py runs `zaitaku import institutions`; template.py writes the
survey template (`zaitaku export survey-template`)."""
